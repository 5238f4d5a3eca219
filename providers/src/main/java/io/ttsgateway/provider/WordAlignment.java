package io.ttsgateway.provider;

import java.util.List;

/** Words in order with when each starts and ends, in milliseconds from the start of the request's audio. */
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
