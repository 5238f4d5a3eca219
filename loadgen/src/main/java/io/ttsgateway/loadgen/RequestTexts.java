package io.ttsgateway.loadgen;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The text of each request. With {@code --unique}, a suffix made of the run's start time and a
 * counter shared by all sessions: unique within the run and across runs, because the gateway's
 * cache persists on disk and a per-run counter alone would hit entries left by an earlier run.
 */
public final class RequestTexts {

    private final String text;
    private final boolean unique;
    private final long runStamp = System.currentTimeMillis();
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
        // Digits only, so a real engine speaks a number instead of spelling out an odd token.
        return unique ? text + " " + runStamp + " " + counter.incrementAndGet() : text;
    }
}
