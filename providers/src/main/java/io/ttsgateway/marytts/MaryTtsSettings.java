package io.ttsgateway.marytts;

import java.time.Duration;

/**
 * Settings of the embedded engine.
 *
 * @param voice         MaryTTS voice name
 * @param maxConcurrent engines in the pool: syntheses that run at the same time (CPU-bound, so about
 *                      the number of cores)
 * @param queueTimeout  longest wait for a free engine before a request fails with a timeout
 * @param chunk         duration of the audio chunks the stream returns
 */
public record MaryTtsSettings(String voice, int maxConcurrent, Duration queueTimeout, Duration chunk) {

    /**
     * Validates.
     *
     * @param voice         MaryTTS voice name
     * @param maxConcurrent engines in the pool
     * @param queueTimeout  longest wait for a free engine
     * @param chunk         duration of one returned chunk
     */
    public MaryTtsSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("marytts max-concurrent must be at least 1");
        }
        if (chunk.toMillis() < 10) {
            throw new IllegalArgumentException("marytts chunk must be at least 10 ms");
        }
    }
}
