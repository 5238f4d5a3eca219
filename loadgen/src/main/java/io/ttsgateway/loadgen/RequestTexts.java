package io.ttsgateway.loadgen;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The text of each request. With {@code --unique}, a suffix of spelling-alphabet words made of a
 * random run id and a counter shared by all sessions: unique within the run and, very likely,
 * across runs (the gateway's cache persists on disk, so a counter alone would hit entries left by
 * an earlier run). Words, not digits: a real engine reads a long number out as a long sentence,
 * which would measure the number rather than the gateway.
 */
public final class RequestTexts {

    private final String text;
    private final boolean unique;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
        "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
        "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"};
    /** Run ids of three words: 17,576 of them. */
    private static final int RUN_ID_RANGE = WORDS.length * WORDS.length * WORDS.length;

    private final String runId = words(java.util.concurrent.ThreadLocalRandom.current().nextInt(RUN_ID_RANGE), 3);
    private final AtomicLong counter = new AtomicLong();

    /**
     * Creates the source.
     *
     * @param text   base text
     * @param unique whether to make every text unique
     */
    public RequestTexts(String text, boolean unique) {
        this.text = text;
        this.unique = unique;
    }

    /**
     * The text of the next request.
     *
     * @return text
     */
    public String next() {
        return unique ? text + " " + runId + " " + words(counter.incrementAndGet(), 1) + "." : text;
    }

    /** A number in base 26, one word per digit, at least {@code minimum} words. */
    static String words(long number, int minimum) {
        StringBuilder out = new StringBuilder();
        long rest = number;
        for (int i = 0; i < minimum || rest > 0; i++) {
            out.insert(0, WORDS[(int) (rest % WORDS.length)] + (out.isEmpty() ? "" : " "));
            rest /= WORDS.length;
        }
        return out.toString();
    }
}
