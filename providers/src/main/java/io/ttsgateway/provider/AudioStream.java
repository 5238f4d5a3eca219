package io.ttsgateway.provider;

import io.ttsgateway.audio.AudioFormat;

/**
 * The audio of one request, pulled chunk by chunk by one thread; {@link #close()} may come from any
 * thread at any time and must make a blocked {@code read()} return or throw promptly.
 */
public interface AudioStream extends AutoCloseable {

    /** The format of the bytes {@link #read()} returns. */
    AudioFormat format();

    /**
     * The next non-empty chunk, blocking until it comes, or {@code null} at the end; throws when synthesis failed.
     * The array is never changed afterwards: readers share it and the cache writes it later.
     */
    byte[] read() throws ProviderException, InterruptedException;

    /** Word timings of the audio read so far not taken yet, or {@code null}; by the reader, after {@link #read()}. */
    default WordAlignment nextAlignment() {
        return null;
    }

    /**
     * Whether the audio, once ended normally, is exactly the request text's and may be cached; not so
     * for a continuation segment whose end the provider did not mark.
     */
    default boolean cacheable() {
        return true;
    }

    /** Stops synthesis and releases the provider's resources. Idempotent. */
    @Override
    void close();
}
