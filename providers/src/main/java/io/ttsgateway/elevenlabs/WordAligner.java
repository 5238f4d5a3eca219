package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.provider.WordAlignment;

/**
 * Turns ElevenLabs' per-chunk character timings into word timings from the start of the request's
 * audio. Words are runs of non-blank characters; a word still open at the end of a chunk (a chunk
 * may end inside a word) is held until a blank or the end of the request closes it. Used by one
 * reading thread at a time.
 */
final class WordAligner {

    private final StringBuilder word = new StringBuilder();
    private long wordStart;
    private long wordEnd;

    /**
     * Adds the timings of one chunk.
     *
     * @param alignment the chunk's character timings
     * @param offsetMs  where the chunk starts in the request's audio
     * @return the words completed by this chunk, possibly none
     */
    WordAlignment add(CharAlignment alignment, long offsetMs) {
        List<String> words = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < alignment.chars().size(); i++) {
            String c = alignment.chars().get(i);
            long start = offsetMs + alignment.startMs()[i];
            long end = start + alignment.durationMs()[i];
            if (c.isBlank()) {
                complete(words, starts, ends);
            } else {
                if (word.isEmpty()) {
                    wordStart = start;
                    wordEnd = end;
                }
                word.append(c);
                wordEnd = Math.max(wordEnd, end);
            }
        }
        return new WordAlignment(words, starts, ends);
    }

    /**
     * Ends the request: the word still open, if any.
     *
     * @return the last word, or an empty alignment
     */
    WordAlignment finish() {
        List<String> words = new ArrayList<>(1);
        List<Long> starts = new ArrayList<>(1);
        List<Long> ends = new ArrayList<>(1);
        complete(words, starts, ends);
        return new WordAlignment(words, starts, ends);
    }

    private void complete(List<String> words, List<Long> starts, List<Long> ends) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            starts.add(wordStart);
            ends.add(wordEnd);
            word.setLength(0);
        }
    }
}
