package io.ttsgateway.marytts;

import java.time.Duration;

/**
 * Settings of the embedded engine: the MaryTTS voice, the engines that synthesize at once (about the
 * cores), the requests admitted beyond them that wait for one (past both, a request is refused as
 * busy), the longest wait of an admitted sentence for a free engine, and the duration of the audio
 * chunks a stream returns.
 */
public record MaryTtsSettings(String voice, int maxConcurrent, int maxQueue, Duration queueTimeout, Duration chunk) {

    /** The provider's name, in messages and configuration. */
    static final String NAME = "marytts";

    /** Requests admitted at once: one on each engine and the queue. */
    int admitted() {
        return maxConcurrent + maxQueue;
    }

    /** Refuses fewer than one engine and chunks under 10 ms. */
    public MaryTtsSettings {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("marytts max-concurrent must be at least 1");
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("marytts max-queue must not be negative");
        }
        if (chunk.toMillis() < 10) {
            throw new IllegalArgumentException("marytts chunk must be at least 10 ms");
        }
    }
}
