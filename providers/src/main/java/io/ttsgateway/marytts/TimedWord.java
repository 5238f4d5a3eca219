package io.ttsgateway.marytts;

/** One spoken word as written in the text, timed from the start of its piece's audio. */
record TimedWord(String word, double startMs, double endMs) {

    /** The same word in a longer stream whose piece starts {@code offsetMs} in. */
    TimedWord shifted(double offsetMs) {
        return new TimedWord(word, startMs + offsetMs, endMs + offsetMs);
    }

    /** Never prints the word: it is spoken text. */
    @Override
    public String toString() {
        return "TimedWord[startMs=" + startMs + ", endMs=" + endMs + "]";
    }
}
