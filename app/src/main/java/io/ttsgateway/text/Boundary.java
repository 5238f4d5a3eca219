package io.ttsgateway.text;

/**
 * What ends at a place in the text. Two kinds cannot be decided before the next word arrives.
 */
enum Boundary {
    /** Nothing ends here. */
    NONE,
    /** A clause ends: comma, semicolon, colon or dash. */
    CLAUSE,
    /** A sentence ends. */
    SENTENCE,
    /** "etc.": ends a sentence unless a lower-case word follows ("etc. and more"). */
    SENTENCE_UNLESS_LOWER_CASE_FOLLOWS,
    /** "No.": ends a sentence unless a number follows ("No. 5"). */
    SENTENCE_UNLESS_DIGIT_FOLLOWS;

    /**
     * Whether this boundary is known without the next word.
     *
     * @return false for the kinds that wait for the next non-whitespace character
     */
    boolean decided() {
        return this != SENTENCE_UNLESS_LOWER_CASE_FOLLOWS && this != SENTENCE_UNLESS_DIGIT_FOLLOWS;
    }

    /**
     * Decides an undecided boundary once the first non-whitespace character after it arrived.
     *
     * @param next that character
     * @return {@link #SENTENCE} or {@link #NONE}; a decided boundary returns itself
     */
    Boundary resolve(char next) {
        return switch (this) {
            case SENTENCE_UNLESS_LOWER_CASE_FOLLOWS -> Character.isLowerCase(next) ? NONE : SENTENCE;
            case SENTENCE_UNLESS_DIGIT_FOLLOWS -> Character.isDigit(next) ? NONE : SENTENCE;
            default -> this;
        };
    }
}
