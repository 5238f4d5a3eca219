package io.ttsgateway.cache.redis;

import java.time.Duration;

/**
 * How the shared Redis tier is used.
 *
 * @param endpoint      where Redis is
 * @param ttl           how long an entry lives in Redis after it was written
 * @param timeout       longest connect, and longest wait for one answer; past it Redis counts as down
 * @param maxEntryBytes largest entry sent to Redis; larger ones stay on the local disk only
 */
public record RedisSettings(RedisEndpoint endpoint, Duration ttl, Duration timeout, long maxEntryBytes) {

    /** Default {@code maxEntryBytes}: about three minutes of 24 kHz PCM. */
    public static final long DEFAULT_MAX_ENTRY_BYTES = 8L * 1024 * 1024;

    /**
     * Validates.
     *
     * @param endpoint      where
     * @param ttl           entry lifetime, at least a millisecond
     * @param timeout       connect and answer timeout, at least a millisecond
     * @param maxEntryBytes largest entry, positive
     */
    public RedisSettings {
        if (endpoint == null) {
            throw new IllegalArgumentException("a Redis endpoint is required");
        }
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("the Redis TTL must be at least a millisecond");
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the Redis timeout must be at least a millisecond");
        }
        if (maxEntryBytes <= 0) {
            throw new IllegalArgumentException("the largest Redis entry must be positive");
        }
    }
}
