package io.ttsgateway.marytts;

import java.time.Duration;

/**
 * Settings of the embedded engine: the MaryTTS voice, the engines that synthesize at once (about the
 * cores), the longest wait for a free one, and the duration of the audio chunks a stream returns.
 */
public record MaryTtsSettings(String voice, int maxConcurrent, Duration queueTimeout, Duration chunk) {

    /** The provider's name, in messages and configuration. */
    static final String NAME = "marytts";

    /** Refuses fewer than one engine and chunks under 10 ms. */
    public MaryTtsSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("marytts max-concurrent must be at least 1");
        }
        if (chunk.toMillis() < 10) {
            throw new IllegalArgumentException("marytts chunk must be at least 10 ms");
        }
    }
}
