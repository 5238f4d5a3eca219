package io.ttsgateway.marytts;

/**
 * One spoken word of a synthesized piece of text.
 *
 * @param word    the word as written in the text
 * @param startMs when it starts, from the start of the piece's audio
 * @param endMs   when it ends, from the start of the piece's audio
 */
record TimedWord(String word, double startMs, double endMs) {

    /**
     * The same word later in a longer stream.
     *
     * @param offsetMs how far into the stream the piece starts
     * @return the shifted word
     */
    TimedWord shifted(double offsetMs) {
        return new TimedWord(word, startMs + offsetMs, endMs + offsetMs);
    }

    /**
     * Never prints the word: it is spoken text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "TimedWord[startMs=" + startMs + ", endMs=" + endMs + "]";
    }
}
