package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.provider.WordAlignment;

/**
 * Turns per-chunk character timings into word timings from the start of a request's audio: words are
 * runs of non-blank characters, one still open at a chunk's end held for the next. One thread at a time.
 */
final class WordAligner {

    private final StringBuilder word = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private final List<Long> starts = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    private long wordStart;
    private long wordEnd;

    /** Adds one chunk's timings, the chunk starting at {@code offsetMs}; returns the words it completed. */
    WordAlignment add(CharAlignment alignment, long offsetMs) {
        for (int i = 0; i < alignment.chars().size(); i++) {
            String c = alignment.chars().get(i);
            long start = offsetMs + alignment.startMs()[i];
            long end = start + alignment.durationMs()[i];
            if (c.isBlank()) {
                complete();
            } else {
                if (word.isEmpty()) {
                    wordStart = start;
                    wordEnd = end;
                }
                word.append(c);
                wordEnd = Math.max(wordEnd, end);
            }
        }
        return take();
    }

    /** Ends the request: the word still open, if any. */
    WordAlignment finish() {
        complete();
        return take();
    }

    private void complete() {
        if (!word.isEmpty()) {
            words.add(word.toString());
            starts.add(wordStart);
            ends.add(wordEnd);
            word.setLength(0);
        }
    }

    private WordAlignment take() {
        WordAlignment taken = new WordAlignment(words, starts, ends);
        words.clear();
        starts.clear();
        ends.clear();
        return taken;
    }
}
