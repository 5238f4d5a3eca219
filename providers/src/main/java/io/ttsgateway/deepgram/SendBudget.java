package io.ttsgateway.deepgram;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Deepgram's flush limit on one socket, counted on the gateway's side: at most
 * {@value #MAX_FLUSHES} {@code Flush} messages per {@link #WINDOW}; beyond that Deepgram ignores the
 * flush and sends the warning {@code EXCESSIVE_FLUSH} ("Flush" limits in Deepgram's streaming TTS
 * docs). Keeping the count here lets a socket that ran out be set aside before Deepgram refuses
 * anything. Not thread-safe: guarded by the connection's lock.
 */
final class FlushBudget {

    /** Flushes Deepgram accepts per window on one socket. */
    static final int MAX_FLUSHES = 20;
    /** Deepgram's window. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    /**
     * Added to the window: Deepgram counts flushes as they arrive, which is later than they were sent,
     * by a delay that varies from one to the next.
     */
    static final Duration MARGIN = Duration.ofSeconds(2);

    private static final long SPAN_NANOS = WINDOW.plus(MARGIN).toNanos();

    /** Send times of the flushes still inside the window, oldest first. */
    private final ArrayDeque<Long> sent = new ArrayDeque<>();
    private boolean blocked;
    private long blockedSince;

    /**
     * Whether a flush may be sent now.
     *
     * @param now {@link System#nanoTime()}
     * @return true when the socket has a flush left in the window
     */
    boolean available(long now) {
        expire(now);
        return !blocked && sent.size() < MAX_FLUSHES;
    }

    /**
     * Counts a flush about to be sent, if one is left.
     *
     * @param now {@link System#nanoTime()}
     * @return false when the window is full and nothing was counted
     */
    boolean take(long now) {
        if (!available(now)) {
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /**
     * Notes that Deepgram refused a flush all the same ({@code EXCESSIVE_FLUSH}): it counts
     * differently than this budget, so no flush is sent on the socket for a whole window.
     *
     * @param now {@link System#nanoTime()}
     */
    void exhaust(long now) {
        blocked = true;
        blockedSince = now;
    }

    private void expire(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst() >= SPAN_NANOS) {
            sent.pollFirst();
        }
        if (blocked && now - blockedSince >= SPAN_NANOS) {
            blocked = false;
        }
    }
}
