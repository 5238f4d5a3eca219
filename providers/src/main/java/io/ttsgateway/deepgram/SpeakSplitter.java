package io.ttsgateway.deepgram;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text into pieces Deepgram accepts in one {@code Speak} message. Deepgram closes the socket
 * ({@code 1009 BIG-0001}) on a message over {@value #MAX_SPEAK_CHARS} characters; several messages
 * before one {@code Flush} are spoken as one continuous text, so cutting at a sentence end (or
 * at least between words) does not change the audio.
 */
final class SpeakSplitter {

    /** Longest text of one {@code Speak} message, in characters. */
    static final int MAX_SPEAK_CHARS = 2000;

    private SpeakSplitter() {
    }

    /**
     * Splits a text.
     *
     * @param text the text
     * @param max  longest piece, in UTF-16 units (never fewer code points, so within Deepgram's count)
     * @return the pieces in order; their concatenation is the text
     */
    static List<String> split(String text, int max) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (text.length() - start > max) {
            int end = cut(text, start, start + max);
            pieces.add(text.substring(start, end));
            start = end;
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    /** The best end of a piece in {@code (start, limit]}: after a sentence, else after a space. */
    private static int cut(String text, int start, int limit) {
        int space = -1;
        // Search back from the limit, but not into the first half: tiny pieces would only add messages.
        for (int i = limit; i > start + (limit - start) / 2; i--) {
            char before = text.charAt(i - 1);
            if (Character.isWhitespace(before)) {
                if (i >= 2 && isSentenceEnd(text.charAt(i - 2))) {
                    return i;
                }
                if (space < 0) {
                    space = i;
                }
            }
        }
        if (space > 0) {
            return space;
        }
        // One very long word: cut anywhere, but never inside a surrogate pair.
        return Character.isLowSurrogate(text.charAt(limit)) && Character.isHighSurrogate(text.charAt(limit - 1))
                ? limit - 1 : limit;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\u2026' || c == '\u3002';
    }
}
