package io.ttsgateway.text;

/**
 * Finds where sentences and clauses end, looking only backwards from the character just read, so a
 * caller that reads text one character at a time decides each place exactly once.
 *
 * <p>ASCII punctuation only ends something when whitespace follows it ("3.14", "example.com" and
 * "v1.2.3" never cut); full-width (CJK) punctuation, which is written without a following space,
 * ends something as soon as any other character follows it.
 */
final class BoundaryFinder {

    /** Characters that end a sentence; runs of them ("?!", "!!") count as one end. */
    static final String SENTENCE_MARKS = ".!?…。！？";
    /** Sentence marks that need no whitespace after them. */
    static final String FULL_WIDTH_SENTENCE_MARKS = "。！？";
    /** Closing quotes and brackets that may stand between a sentence or clause mark and the whitespace. */
    static final String CLOSERS = "\"'”’)]»」』）】";
    /** Characters that end a clause when whitespace follows. */
    static final String CLAUSE_MARKS = ",;:—–";
    /** Clause marks that need no whitespace after them. */
    static final String FULL_WIDTH_CLAUSE_MARKS = "，；：";
    /** A hyphen ends a clause only between spaces: "wait - this". */
    static final char HYPHEN = '-';
    /** The one-character ellipsis; "..." is the other spelling. */
    static final char ELLIPSIS = '…';
    /** Longest number read as a list item ("12. Open the app") rather than a sentence end. */
    static final int LIST_NUMBER_DIGITS = 3;

    private BoundaryFinder() {
    }

    /**
     * Whether the character breaks a line; a line break ends a sentence by itself.
     *
     * @param c a character
     * @return true for LF, CR and the Unicode line and paragraph separators
     */
    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /**
     * What ends right before the whitespace at {@code whitespace}, which follows a non-whitespace
     * character.
     *
     * @param text            the buffered text
     * @param from            start of the current segment; nothing before it is looked at
     * @param whitespace      index of the whitespace character
     * @param lineStartAtFrom whether a line starts at {@code from} (nothing was read before it)
     * @return what ends at {@code whitespace}
     */
    static Boundary beforeWhitespace(CharSequence text, int from, int whitespace, boolean lineStartAtFrom) {
        int runEnd = skipBack(text, from, whitespace, CLOSERS);
        int runStart = skipBack(text, from, runEnd, SENTENCE_MARKS);
        if (runStart == runEnd) {
            return clauseBefore(text, from, runEnd);
        }
        if (isEllipsis(text, runStart, runEnd)) {
            return Boundary.NONE;
        }
        if (runEnd - runStart > 1 || text.charAt(runStart) != '.') {
            return Boundary.SENTENCE;   // "!", "?!", "。" and the like
        }
        return periodAfterWord(text, from, runStart, lineStartAtFrom);
    }

    /**
     * What ends right before the non-whitespace character at {@code index} with no whitespace in
     * between: only full-width punctuation ends anything there ("你好。我").
     *
     * @param text  the buffered text
     * @param from  start of the current segment; nothing before it is looked at
     * @param index index of the character just read, after {@code from}
     * @return {@link Boundary#SENTENCE}, {@link Boundary#CLAUSE} or {@link Boundary#NONE}
     */
    static Boundary beforeCharacter(CharSequence text, int from, int index) {
        char c = text.charAt(index);
        if (CLOSERS.indexOf(c) >= 0 || SENTENCE_MARKS.indexOf(c) >= 0) {
            return Boundary.NONE;   // the run of marks and closers goes on
        }
        int runEnd = skipBack(text, from, index, CLOSERS);
        int runStart = skipBack(text, from, runEnd, SENTENCE_MARKS);
        if (runStart == runEnd) {
            return runEnd > from && FULL_WIDTH_CLAUSE_MARKS.indexOf(text.charAt(runEnd - 1)) >= 0
                    ? Boundary.CLAUSE
                    : Boundary.NONE;
        }
        if (isEllipsis(text, runStart, runEnd)) {
            return Boundary.NONE;
        }
        for (int i = runStart; i < runEnd; i++) {
            if (FULL_WIDTH_SENTENCE_MARKS.indexOf(text.charAt(i)) >= 0) {
                return Boundary.SENTENCE;
            }
        }
        return Boundary.NONE;
    }

    private static Boundary clauseBefore(CharSequence text, int from, int end) {
        if (end <= from) {
            return Boundary.NONE;
        }
        char c = text.charAt(end - 1);
        if (CLAUSE_MARKS.indexOf(c) >= 0 || FULL_WIDTH_CLAUSE_MARKS.indexOf(c) >= 0) {
            return Boundary.CLAUSE;
        }
        if (c == HYPHEN && end - 2 >= from && Character.isWhitespace(text.charAt(end - 2))) {
            return Boundary.CLAUSE;
        }
        return Boundary.NONE;
    }

    private static Boundary periodAfterWord(CharSequence text, int from, int period, boolean lineStartAtFrom) {
        int wordStart = period;
        while (wordStart > from && !Character.isWhitespace(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        int letters = wordStart;
        while (letters < period && !Character.isLetterOrDigit(text.charAt(letters))) {
            letters++;   // opening quotes and brackets: "(e.g." is "e.g."
        }
        String word = text.subSequence(letters, period).toString();
        if (isListNumber(word) && startsLine(text, from, wordStart, lineStartAtFrom)) {
            return Boundary.NONE;
        }
        return Abbreviations.periodAfter(word);
    }

    private static boolean isListNumber(String word) {
        return !word.isEmpty() && word.length() <= LIST_NUMBER_DIGITS && word.chars().allMatch(Character::isDigit);
    }

    private static boolean startsLine(CharSequence text, int from, int wordStart, boolean lineStartAtFrom) {
        int i = wordStart - 1;
        while (i >= from && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i--;
        }
        return i < from ? lineStartAtFrom : isLineBreak(text.charAt(i));
    }

    private static boolean isEllipsis(CharSequence text, int runStart, int runEnd) {
        for (int i = runStart; i < runEnd; i++) {
            char c = text.charAt(i);
            if (c == ELLIPSIS || (c == '.' && i + 1 < runEnd && text.charAt(i + 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    /** Index after skipping back from {@code end} over characters of {@code set}, not before {@code from}. */
    private static int skipBack(CharSequence text, int from, int end, String set) {
        int i = end;
        while (i > from && set.indexOf(text.charAt(i - 1)) >= 0) {
            i--;
        }
        return i;
    }
}
