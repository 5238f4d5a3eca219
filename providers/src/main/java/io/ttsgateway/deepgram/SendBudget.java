package io.ttsgateway.deepgram;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Deepgram's limits on what one socket may be sent, counted on the gateway's side: at most
 * {@value #MAX_FLUSHES} {@code Flush} messages per {@link #WINDOW} (beyond that Deepgram ignores the
 * flush and warns {@code EXCESSIVE_FLUSH}) and at most {@value #MAX_CHARS} characters of text per
 * window (beyond that it closes the socket, {@code 1008 DATA-0001}); both from the "Limits" of
 * Deepgram's streaming TTS documentation. Keeping the count here lets a socket that ran out be set
 * aside before Deepgram refuses anything. Not thread-safe: guarded by the connection's lock.
 */
final class SendBudget {

    /** Flushes Deepgram accepts per window on one socket. */
    static final int MAX_FLUSHES = 20;
    /** Characters of text Deepgram accepts per window on one socket. */
    static final int MAX_CHARS = 2400;
    /** Deepgram's window. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    /**
     * Added to the window: Deepgram counts what arrives, which is later than it was sent, by a delay
     * that varies from one message to the next.
     */
    static final Duration MARGIN = Duration.ofSeconds(2);

    private static final long SPAN_NANOS = WINDOW.plus(MARGIN).toNanos();

    /** What was sent inside the window, oldest first: one entry per flush. */
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private int chars;
    private boolean blocked;
    private long blockedSince;

    private record Sent(long at, int chars) {
    }

    /**
     * Whether a request of some length may be sent now.
     *
     * @param now    {@link System#nanoTime()}
     * @param length the request's characters (0 to ask for a flush only)
     * @return true when the socket has a flush and the characters left in the window
     */
    boolean available(long now, int length) {
        expire(now);
        return !blocked && sent.size() < MAX_FLUSHES && chars + length <= MAX_CHARS;
    }

    /**
     * Counts a request about to be sent (its text and its flush), if the budget allows it.
     *
     * @param now    {@link System#nanoTime()}
     * @param length the request's characters
     * @return false when it does not fit in the window, and nothing was counted
     */
    boolean take(long now, int length) {
        if (!available(now, length)) {
            return false;
        }
        sent.addLast(new Sent(now, length));
        chars += length;
        return true;
    }

    /**
     * Notes that Deepgram refused a flush all the same ({@code EXCESSIVE_FLUSH}): it counts
     * differently than this budget, so nothing more is sent on the socket for a whole window.
     *
     * @param now {@link System#nanoTime()}
     */
    void exhaust(long now) {
        blocked = true;
        blockedSince = now;
    }

    private void expire(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst().at() >= SPAN_NANOS) {
            chars -= sent.pollFirst().chars();
        }
        if (blocked && now - blockedSince >= SPAN_NANOS) {
            blocked = false;
        }
    }
}
