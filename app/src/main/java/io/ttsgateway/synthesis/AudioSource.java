package io.ttsgateway.synthesis;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;

/**
 * The audio of one request, from the cache or from a provider.
 */
public interface AudioSource extends AutoCloseable {

    /**
     * The format of the chunks: what the provider produced (or the cache stored), which the session
     * converts to the client's format.
     *
     * @return the format
     */
    AudioFormat format();

    /**
     * Blocks until the next chunk.
     *
     * @return the next chunk, or {@code null} at the end
     * @throws ProviderException    when synthesis (or the cache's disk) failed
     * @throws InterruptedException when the reading thread was interrupted
     */
    byte[] read() throws ProviderException, InterruptedException;

    /**
     * Word timings that arrived with the audio read so far, not taken yet.
     *
     * @return the timings, or {@code null}
     */
    default WordAlignment nextAlignment() {
        return null;
    }

    /**
     * Whether the audio comes from the cache.
     *
     * @return true on a cache hit
     */
    boolean cached();

    /**
     * Marks the audio complete: a live synthesis is committed to the cache. Call only after
     * {@link #read()} returned {@code null} and the request was not cancelled.
     */
    void complete();

    /**
     * Stops the provider so that a {@link #read()} blocked in another thread returns promptly.
     * Safe from any thread; the reading thread still calls {@link #close()}.
     *
     * @return whether the reading thread may be interrupted as well; false while it reads a provider
     *         stream that other requests share, which an interrupt would close (a socket read on a
     *         virtual thread closes its socket when interrupted): that read returns with its next chunk
     */
    boolean abort();

    /**
     * Releases the source; an uncommitted cache entry is discarded. Called by the reading thread.
     */
    @Override
    void close();
}
