package io.ttsgateway.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a text into the pieces a streaming client sends, the way an LLM's tokens arrive: a token
 * is a word with the whitespace before it ({@code "Sure!"}, {@code " Let"}, {@code " me"}), so the
 * pieces put together give back the text exactly, whitespace included.
 */
public final class Tokens {

    /** A word and the whitespace before it; whitespace after the last word joins the last token. */
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");

    private Tokens() {
    }

    /**
     * The pieces of a text, each of a given number of tokens (the last one possibly fewer).
     *
     * @param text      non-blank text
     * @param perPiece  tokens per piece, at least 1
     * @return the pieces in order; their concatenation is {@code text}
     * @throws IllegalArgumentException if the text is blank or {@code perPiece} is below 1
     */
    public static List<String> pieces(String text, int perPiece) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        if (perPiece < 1) {
            throw new IllegalArgumentException("tokens per piece must be at least 1: " + perPiece);
        }
        List<String> pieces = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        int pieceStart = 0;
        int tokens = 0;
        int end = 0;
        while (token.find()) {
            end = token.end();
            if (++tokens == perPiece) {
                pieces.add(text.substring(pieceStart, end));
                pieceStart = end;
                tokens = 0;
            }
        }
        if (tokens > 0) {
            pieces.add(text.substring(pieceStart, end));
            pieceStart = end;
        }
        if (pieceStart < text.length()) {
            // Trailing whitespace belongs to the last piece, so nothing of the text is lost.
            int last = pieces.size() - 1;
            pieces.set(last, pieces.get(last) + text.substring(pieceStart));
        }
        return pieces;
    }
}
