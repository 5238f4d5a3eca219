package io.ttsgateway.session;

/**
 * A token bucket: bursts up to the per-minute limit, refilled evenly over the minute.
 * Used by the reader thread only.
 */
final class RateLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final long nanosPerToken;
    private double tokens;
    private long lastRefill;

    RateLimiter(int perMinute, long now) {
        this.perMinute = perMinute;
        this.nanosPerToken = MINUTE_NANOS / perMinute;
        this.tokens = perMinute;
        this.lastRefill = now;
    }

    boolean tryAcquire(long now) {
        tokens = Math.min(perMinute, tokens + (double) (now - lastRefill) / nanosPerToken);
        lastRefill = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
