package io.ttsgateway.provider;

import java.util.List;

/**
 * Word timings of a stretch of a request's audio, in milliseconds from the start of that request's
 * audio (not from the start of a provider's chunk).
 *
 * @param words   the words, in order
 * @param startMs when each word starts
 * @param endMs   when each word ends
 */
public record WordAlignment(List<String> words, List<Long> startMs, List<Long> endMs) {

    /** Validates and copies. */
    public WordAlignment {
        words = List.copyOf(words);
        startMs = List.copyOf(startMs);
        endMs = List.copyOf(endMs);
        if (words.size() != startMs.size() || words.size() != endMs.size()) {
            throw new IllegalArgumentException("words, startMs and endMs differ in length: " + words.size() + ", "
                                                       + startMs.size() + ", " + endMs.size());
        }
    }

    /** Whether there is no word. */
    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** Never prints the words: they are spoken text. */
    @Override
    public String toString() {
        return "WordAlignment[words=" + words.size() + "]";
    }
}
