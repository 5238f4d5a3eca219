package io.ttsgateway.cache.redis;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A pooled Jedis client with the policy every optional use of Redis shares: connect and answers are
 * bounded by the timeout; after any failure Redis counts as down for {@link #BACKOFF}, during which
 * calls return at once without touching the network; then one call probes it while the others keep
 * skipping, so a dead Redis costs one timeout per backoff window, and it comes back by itself.
 */
final class RedisGuard implements AutoCloseable {

    /** How long Redis is left alone after a failure. */
    static final Duration BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOGGER = Logger.getLogger(RedisGuard.class.getName());
    /** Connections at most; a call waits at most the timeout for one. */
    private static final int MAX_CONNECTIONS = 32;
    /** {@link #downUntil} when Redis is up (no {@code nanoTime} reading is expected to equal it). */
    private static final long UP = Long.MIN_VALUE;

    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final String role;
    private final Runnable onSkipped;
    private final Runnable onError;
    private final AtomicLong downUntil = new AtomicLong(UP);

    private RedisGuard(RedisEndpoint endpoint, RedisClient client, String role, Runnable onSkipped, Runnable onError) {
        this.endpoint = endpoint;
        this.client = client;
        this.role = role;
        this.onSkipped = onSkipped;
        this.onError = onError;
    }

    /**
     * Creates the client. Does not connect: Redis may come up after the gateway.
     *
     * @param settings  endpoint and timeout
     * @param role      what Redis is used for, in log lines ({@code the shared cache tier})
     * @param onSkipped runs for each call skipped while Redis backs off
     * @param onError   runs for each call that failed or timed out
     * @return the guarded client
     */
    static RedisGuard open(RedisSettings settings, String role, Runnable onSkipped, Runnable onError) {
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
        return new RedisGuard(endpoint, client, role, onSkipped, onError);
    }

    /**
     * One command, unless Redis is backing off.
     *
     * @param command the command
     * @param <T>     its answer
     * @return the answer; empty when skipped, failed or answered nil
     */
    <T> Optional<T> call(Function<RedisClient, T> command) {
        if (!admit()) {
            onSkipped.run();
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

    @Override
    public void close() {
        client.close();
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
            LOGGER.info(() -> "Redis at " + endpoint + " answers again; " + role + " is back");
        }
    }

    private void failed(JedisException e) {
        onError.run();
        if (e.getCause() instanceof NoSuchElementException) {
            return; // every connection busy: Redis is slow or we are busy, not down; this call just misses
        }
        long previous = downUntil.getAndSet(System.nanoTime() + BACKOFF.toNanos());
        // Idle connections are likely to the Redis that failed; the probe after the backoff opens a new one.
        client.getPool().clear();
        if (previous == UP) {
            LOGGER.warning(() -> "Redis at " + endpoint + " failed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); " + role + " is skipped, retried every " + BACKOFF.toMillis() + " ms");
        }
    }
}
