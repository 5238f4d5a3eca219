package io.ttsgateway.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;

import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.SharedTier;
import io.ttsgateway.cache.SharedTierStats;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The shared tier on Redis, through a pooled Jedis client. Each entry is one binary value, the
 * disk entry's bytes, written by a single {@code SET key value PX ttl}: readers see a whole entry
 * or none.
 *
 * <p>Redis is optional, so it must never fail or hold up a request. Connect and answers are bounded
 * by the timeout; after any failure Redis counts as down for {@link #BACKOFF}, during which calls
 * return at once without touching the network; then one call probes it while the others keep
 * skipping, so a dead Redis costs one timeout per backoff window, and the tier comes back by itself.
 */
public final class RedisTier implements SharedTier {

    /** Prefix of every key; the version changes with the entry layout. */
    public static final String KEY_PREFIX = "tts:audio:v1:";
    /** How long Redis is left alone after a failure. */
    public static final Duration BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOGGER = Logger.getLogger(RedisTier.class.getName());
    /** Connections at most; a lookup waits at most the timeout for one. */
    private static final int MAX_CONNECTIONS = 32;
    /** {@link #downUntil} when Redis is up (no {@code nanoTime} reading is expected to equal it). */
    private static final long UP = Long.MIN_VALUE;

    private final RedisSettings settings;
    private final RedisClient client;
    private final SharedTierStats stats = new SharedTierStats();
    private final AtomicLong downUntil = new AtomicLong(UP);

    private RedisTier(RedisSettings settings, RedisClient client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * Creates the client. Does not connect: Redis may come up after the gateway.
     *
     * @param settings endpoint, TTL, timeout and entry bound
     * @return the tier
     */
    public static RedisTier open(RedisSettings settings) {
        RedisEndpoint endpoint = settings.endpoint();
        int timeoutMillis = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(endpoint.database())
                .ssl(endpoint.tls())
                .clientName("tts-gateway");
        if (!endpoint.password().isEmpty()) {
            config.user(endpoint.user().isEmpty() ? null : endpoint.user()).password(endpoint.password());
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setMaxIdle(MAX_CONNECTIONS);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.timeout());
        pool.setJmxEnabled(false); // several gateways in one JVM (tests) would clash on the names
        RedisClient client = RedisClient.builder()
                .hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        LOGGER.info(() -> "Shared cache tier: Redis at " + endpoint + ", entries expire after " + settings.ttl()
                + ", timeout " + settings.timeout().toMillis() + " ms, entries up to " + settings.maxEntryBytes()
                + " bytes");
        return new RedisTier(settings, client);
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
        return call(redis -> redis.get(bytes(key)));
    }

    @Override
    public void store(CacheKey key, byte[] entry) {
        if (entry.length > settings.maxEntryBytes()) {
            return;
        }
        call(redis -> redis.set(bytes(key), entry, SetParams.setParams().px(settings.ttl().toMillis())))
                .ifPresent(ok -> stats.countWrite());
    }

    @Override
    public void remove(CacheKey key) {
        call(redis -> redis.del(bytes(key)));
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
        client.close();
    }

    /** One command, unless Redis is backing off; empty when skipped, failed or answered nil. */
    private <T> Optional<T> call(Function<RedisClient, T> command) {
        if (!admit()) {
            stats.countSkipped();
            return Optional.empty();
        }
        try {
            T result = command.apply(client);
            succeeded();
            return Optional.ofNullable(result);
        } catch (JedisException e) {
            failed(e);
            return Optional.empty();
        }
    }

    /** Up: go. Backing off: no. Backoff over: the one caller that claims the probe goes. */
    private boolean admit() {
        long until = downUntil.get();
        if (until == UP) {
            return true;
        }
        long now = System.nanoTime();
        return now - until >= 0 && downUntil.compareAndSet(until, now + BACKOFF.toNanos());
    }

    private void succeeded() {
        if (downUntil.get() != UP && downUntil.getAndSet(UP) != UP) {
            LOGGER.info(() -> "Redis at " + settings.endpoint() + " answers again; the shared cache tier is back");
        }
    }

    private void failed(JedisException e) {
        stats.countError();
        if (e.getCause() instanceof NoSuchElementException) {
            return; // every connection busy: Redis is slow or we are busy, not down; this call just misses
        }
        long previous = downUntil.getAndSet(System.nanoTime() + BACKOFF.toNanos());
        // Idle connections are likely to the Redis that failed; the probe after the backoff opens a new one.
        client.getPool().clear();
        if (previous == UP) {
            LOGGER.warning(() -> "Redis at " + settings.endpoint() + " failed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); the shared cache tier is skipped, retried every " + BACKOFF.toMillis()
                    + " ms");
        }
    }

    private static byte[] bytes(CacheKey key) {
        return redisKey(key).getBytes(StandardCharsets.US_ASCII);
    }
}
