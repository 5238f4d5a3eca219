package io.ttsgateway.marytts;

import java.time.Duration;

/**
 * Settings of the embedded engine: the MaryTTS voice, the engines that synthesize at once (about the
 * cores), the requests admitted beyond them that wait for one (past both, a request is refused as
 * busy), the longest wait of an admitted sentence for a free engine, the duration of the audio
 * chunks a stream returns, and the words of a first sentence beyond which it is cut at its first
 * phrase (0: never).
 */
public record MaryTtsSettings(String voice, int maxConcurrent, int maxQueue, Duration queueTimeout, Duration chunk,
                              int firstPhraseWords) {

    /** Words of a reply's first sentence beyond which it is cut at its first phrase ({@link FirstPhrase}). */
    public static final int FIRST_PHRASE_WORDS = 8;

    /** The provider's name, in messages and configuration. */
    static final String NAME = "marytts";

    /** Requests admitted at once: one on each engine and the queue. */
    int admitted() {
        return maxConcurrent + maxQueue;
    }

    /** Settings with the default cut of the first sentence. */
    public MaryTtsSettings(String voice, int maxConcurrent, int maxQueue, Duration queueTimeout, Duration chunk) {
        this(voice, maxConcurrent, maxQueue, queueTimeout, chunk, FIRST_PHRASE_WORDS);
    }

    /** Refuses fewer than one engine, chunks under 10 ms and a negative number of words. */
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
        if (firstPhraseWords < 0) {
            throw new IllegalArgumentException("marytts first-phrase-words must not be negative");
        }
    }
}
