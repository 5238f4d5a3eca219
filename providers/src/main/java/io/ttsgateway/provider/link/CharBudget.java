package io.ttsgateway.provider.link;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Characters of text sent on one link inside a sliding window, for providers that close a socket
 * sent more than {@link LinkLimits#maxChars()} per {@link LinkLimits#window()}. Not thread-safe:
 * guarded by its link's lock.
 */
final class CharBudget {

    private final int maxChars;
    private final long windowNanos;
    private final ArrayDeque<long[]> sent = new ArrayDeque<>();
    private int chars;

    CharBudget(int maxChars, Duration window) {
        this.maxChars = maxChars;
        this.windowNanos = window == null ? 0 : window.toNanos();
    }

    /** Whether {@code length} more characters fit in the window now. */
    boolean fits(long now, int length) {
        expire(now);
        return maxChars <= 0 || chars + length <= maxChars;
    }

    /** Counts characters sent now, even past the limit (text of a request already running). */
    void take(long now, int length) {
        if (maxChars > 0 && length > 0) {
            sent.addLast(new long[] {now, length});
            chars += length;
        }
    }

    private void expire(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst()[0] >= windowNanos) {
            chars -= (int) sent.pollFirst()[1];
        }
    }
}
