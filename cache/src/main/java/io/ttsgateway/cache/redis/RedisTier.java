package io.ttsgateway.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.SharedTier;
import io.ttsgateway.cache.SharedTierStats;

import redis.clients.jedis.params.SetParams;

/**
 * The shared tier on Redis, through a pooled Jedis client. Each entry is one binary value, the
 * disk entry's bytes, written by a single {@code SET key value PX ttl}: readers see a whole entry
 * or none.
 *
 * <p>Redis is optional, so it must never fail or hold up a request: every call goes through a
 * {@link RedisGuard}, which bounds it by the timeout and skips Redis for {@link #BACKOFF} after a
 * failure.
 */
public final class RedisTier implements SharedTier {

    /** Prefix of every key; the version changes with the entry layout. */
    public static final String KEY_PREFIX = "tts:audio:v1:";
    /** How long Redis is left alone after a failure. */
    public static final Duration BACKOFF = RedisGuard.BACKOFF;

    private static final Logger LOGGER = Logger.getLogger(RedisTier.class.getName());

    private final RedisSettings settings;
    private final SharedTierStats stats;
    private final RedisGuard redis;

    private RedisTier(RedisSettings settings, SharedTierStats stats) {
        this.settings = settings;
        this.stats = stats;
        this.redis = RedisGuard.open(settings, "the shared cache tier", stats::countSkipped, stats::countError);
    }

    /**
     * Creates the client. Does not connect: Redis may come up after the gateway.
     *
     * @param settings endpoint, TTL, timeout and entry bound
     * @return the tier
     */
    public static RedisTier open(RedisSettings settings) {
        RedisTier tier = new RedisTier(settings, new SharedTierStats());
        LOGGER.info(() -> "Shared cache tier: Redis at " + settings.endpoint() + ", entries expire after "
                + settings.ttl() + ", timeout " + settings.timeout().toMillis() + " ms, entries up to "
                + settings.maxEntryBytes() + " bytes");
        return tier;
    }

    /**
     * The Redis key of an entry.
     *
     * @param key the entry's key
     * @return {@code tts:audio:v1:<hex>}
     */
    public static String redisKey(CacheKey key) {
        return KEY_PREFIX + key.hex();
    }

    @Override
    public Optional<byte[]> load(CacheKey key) {
        return redis.call(client -> client.get(bytes(key)));
    }

    @Override
    public void store(CacheKey key, byte[] entry) {
        if (entry.length > settings.maxEntryBytes()) {
            return;
        }
        redis.call(client -> client.set(bytes(key), entry, SetParams.setParams().px(settings.ttl().toMillis())))
                .ifPresent(ok -> stats.countWrite());
    }

    @Override
    public void remove(CacheKey key) {
        redis.call(client -> client.del(bytes(key)));
    }

    @Override
    public long maxEntryBytes() {
        return settings.maxEntryBytes();
    }

    @Override
    public SharedTierStats stats() {
        return stats;
    }

    @Override
    public void close() {
        redis.close();
    }

    private static byte[] bytes(CacheKey key) {
        return redisKey(key).getBytes(StandardCharsets.US_ASCII);
    }
}
