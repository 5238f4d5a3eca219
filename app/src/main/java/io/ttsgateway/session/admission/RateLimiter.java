package io.ttsgateway.session.admission;

/**
 * A token bucket: bursts up to the per-minute limit, refilled evenly over the minute.
 * Not thread-safe: one owner, or a lock around it.
 */
public final class RateLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int perMinute;
    private final long nanosPerToken;
    private double tokens;
    private long lastRefill;

    /**
     * Creates a full bucket.
     *
     * @param perMinute requests per minute
     * @param now       {@link System#nanoTime()}
     */
    public RateLimiter(int perMinute, long now) {
        this.perMinute = perMinute;
        this.nanosPerToken = MINUTE_NANOS / perMinute;
        this.tokens = perMinute;
        this.lastRefill = now;
    }

    /**
     * Takes a token when there is one.
     *
     * @param now {@link System#nanoTime()}
     * @return false when the limit is reached
     */
    public boolean tryAcquire(long now) {
        tokens = Math.min(perMinute, tokens + (double) (now - lastRefill) / nanosPerToken);
        lastRefill = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
