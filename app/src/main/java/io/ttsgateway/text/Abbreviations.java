package io.ttsgateway.text;

import java.util.Locale;
import java.util.Set;

/**
 * What a single period after a word means: the end of a sentence, or part of an abbreviation.
 */
final class Abbreviations {

    /**
     * Words (lower case) that a period follows without ending the sentence: titles before a name,
     * and abbreviations that are followed by a word or number in running text. Words that are also
     * common sentence-final English words ("sec", "min", "figs", "sun") are left out on purpose, as
     * is "no" (see {@link #NUMBER}).
     */
    static final Set<String> NOT_SENTENCE_ENDS = Set.of(
            // titles and name suffixes
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "rev", "capt", "lt", "col", "sgt", "mt",
            // running-text abbreviations
            "vs", "fig", "inc", "ltd", "co", "corp", "approx", "dept", "vol", "pp", "ch", "cf", "al", "ave", "blvd",
            "rd", "est",
            // months
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    /** "etc." ends a sentence unless a lower-case word follows. */
    static final String ETC = "etc";

    /** "No." is "number" before a digit ("No. 5") and the answer "No." otherwise. */
    static final String NUMBER = "no";

    /** Longest piece of a dotted initialism: "Ph" in "Ph.D.", "U" in "U.S.". */
    private static final int INITIALISM_PIECE = 2;

    private Abbreviations() {
    }

    /**
     * What the period right after {@code word} means, when whitespace follows it.
     *
     * @param word the characters from the last whitespace to the period, opening quotes and brackets
     *             already removed; may be empty
     * @return {@link Boundary#SENTENCE}, {@link Boundary#NONE} or one of the undecided kinds
     */
    static Boundary periodAfter(String word) {
        if (word.isEmpty()) {
            return Boundary.SENTENCE;
        }
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
            return Boundary.NONE;   // an initial: "J. R. R. Tolkien"
        }
        if (isInitialism(word)) {
            return Boundary.NONE;   // "U.S", "e.g", "Ph.D" (their last period is the one looked at)
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals(ETC)) {
            return Boundary.SENTENCE_UNLESS_LOWER_CASE_FOLLOWS;
        }
        if (lower.equals(NUMBER)) {
            return Boundary.SENTENCE_UNLESS_DIGIT_FOLLOWS;
        }
        return NOT_SENTENCE_ENDS.contains(lower) ? Boundary.NONE : Boundary.SENTENCE;
    }

    /**
     * Whether the word is letters in short pieces separated by periods, such as "U.S", "e.g" or "Ph.D".
     */
    private static boolean isInitialism(String word) {
        int piece = 0;
        boolean dotted = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '.') {
                if (piece == 0) {
                    return false;
                }
                dotted = true;
                piece = 0;
            } else if (Character.isLetter(c) && piece < INITIALISM_PIECE) {
                piece++;
            } else {
                return false;
            }
        }
        return dotted && piece > 0;
    }
}
