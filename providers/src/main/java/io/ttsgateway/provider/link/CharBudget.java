package io.ttsgateway.provider.link;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Characters of text, and sends, on one link inside a sliding window, for providers that refuse a
 * socket more than {@link LinkLimits#maxChars()} or {@link LinkLimits#maxSends()} per
 * {@link LinkLimits#window()}. Not thread-safe: guarded by its link's lock.
 */
final class CharBudget {

    private final int maxChars;
    private final int maxSends;
    private final long windowNanos;
    /** What was counted inside the window, oldest first: time, characters, sends (0 or 1). */
    private final ArrayDeque<long[]> sent = new ArrayDeque<>();
    private int chars;
    private int sends;

    CharBudget(int maxChars, int maxSends, Duration window) {
        this.maxChars = maxChars;
        this.maxSends = maxSends;
        this.windowNanos = window == null ? 0 : window.toNanos();
    }

    /** Whether a send of {@code length} more characters fits in the window now. */
    boolean fits(long now, int length) {
        expire(now);
        return (maxChars <= 0 || chars + length <= maxChars) && (maxSends <= 0 || sends < maxSends);
    }

    /** Counts characters sent now, and a send when {@code send}, even past the limit. */
    void take(long now, int length, boolean send) {
        int counted = send && maxSends > 0 ? 1 : 0;
        if ((maxChars > 0 && length > 0) || counted > 0) {
            sent.addLast(new long[] {now, length, counted});
            chars += length;
            sends += counted;
        }
    }

    private void expire(long now) {
        while (!sent.isEmpty() && now - sent.peekFirst()[0] >= windowNanos) {
            long[] oldest = sent.pollFirst();
            chars -= (int) oldest[1];
            sends -= (int) oldest[2];
        }
    }
}
