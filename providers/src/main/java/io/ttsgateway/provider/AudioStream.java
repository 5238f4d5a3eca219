package io.ttsgateway.provider;

import io.ttsgateway.audio.AudioFormat;

/**
 * The audio of one request, pulled chunk by chunk.
 *
 * <p>{@link #read()} is called from one thread. {@link #close()} may be called from any thread at
 * any time, and must make a blocked {@code read()} return or throw promptly.
 */
public interface AudioStream extends AutoCloseable {

    /** The format of the bytes {@link #read()} returns. */
    AudioFormat format();

    /**
     * Blocks until the next chunk of audio is available.
     *
     * @return the next non-empty chunk, or {@code null} at the end of the stream
     * @throws ProviderException when synthesis failed
     */
    byte[] read() throws ProviderException, InterruptedException;

    /**
     * Word timings that came with the audio read so far and were not taken yet, or {@code null}.
     * Called by the reading thread after {@link #read()}; only requests that asked for them get any.
     */
    default WordAlignment nextAlignment() {
        return null;
    }

    /**
     * Whether the audio read from this stream, once it ended normally, is exactly the audio of the
     * request's text and may be cached. A segment of a continuation whose end the provider did
     * not mark (so its audio may hold more or less than its own text) says no.
     */
    default boolean cacheable() {
        return true;
    }

    /** Stops synthesis and releases the provider's resources. Idempotent. */
    @Override
    void close();
}
