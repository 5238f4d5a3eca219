package io.ttsgateway.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters in Redis that several replicas add to: fields of a hash (running totals), and
 * windowed counters that only grow while every one of them stays within its limit (quotas). Each
 * operation is one Lua script, so it applies whole or not at all, and is atomic among replicas.
 * Calls go through a {@link RedisGuard}: a Redis that is down or slow answers "unavailable" at
 * once during the backoff, and the caller decides what to do without it.
 */
public final class RedisCounters implements AutoCloseable {

    /** Adds {@code ARGV[2i]} to field {@code ARGV[2i-1]} of hash {@code KEYS[1]}, for every pair. */
    private static final String ADD = """
            for i = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 1""";
    /**
     * Adds {@code ARGV[1]} to every counter {@code KEYS[i]} (limit {@code ARGV[2i]}, lifetime
     * {@code ARGV[2i+1]} ms) unless one would pass its limit: 0 when added, else that counter's
     * number, from 1.
     */
    private static final String ADD_WITHIN_LIMITS = """
            local amount = tonumber(ARGV[1])
            for i = 1, #KEYS do
              local count = tonumber(redis.call('GET', KEYS[i]) or '0')
              if count + amount > tonumber(ARGV[2 * i]) then return i end
            end
            for i = 1, #KEYS do
              redis.call('INCRBY', KEYS[i], amount)
              redis.call('PEXPIRE', KEYS[i], ARGV[2 * i + 1])
            end
            return 0""";

    /**
     * A counter of one time window.
     *
     * @param key      its Redis key
     * @param limit    the most it may hold
     * @param lifetime how long Redis keeps it after its last change: at least the rest of its window
     */
    public record Window(String key, long limit, Duration lifetime) {
    }

    private final LongAdder failures = new LongAdder();
    private final RedisGuard redis;

    private RedisCounters(RedisSettings settings, String role) {
        this.redis = RedisGuard.open(settings, role, failures::increment, failures::increment);
    }

    /**
     * Creates the client. Does not connect: Redis may come up after the gateway.
     *
     * @param settings endpoint and timeout
     * @param role     what the counters are for, in log lines
     * @return the counters
     */
    public static RedisCounters open(RedisSettings settings, String role) {
        return new RedisCounters(settings, role);
    }

    /**
     * Adds to fields of a hash, all of them or none.
     *
     * @param hash   the hash's key
     * @param deltas what to add to each field
     * @return false when Redis was not reached (nothing was added, or on a timeout possibly all)
     */
    public boolean add(String hash, Map<String, Long> deltas) {
        if (deltas.isEmpty()) {
            return true;
        }
        List<String> arguments = new ArrayList<>(deltas.size() * 2);
        deltas.forEach((field, delta) -> {
            arguments.add(field);
            arguments.add(Long.toString(delta));
        });
        return redis.call(client -> client.eval(ADD, List.of(hash), arguments)).isPresent();
    }

    /**
     * Every field of a hash.
     *
     * @param hash the hash's key
     * @return its fields and values (non-numbers skipped); empty when Redis was not reached
     */
    public Optional<Map<String, Long>> read(String hash) {
        return redis.call(client -> client.hgetAll(hash)).map(fields -> {
            Map<String, Long> values = new HashMap<>();
            fields.forEach((field, value) -> {
                try {
                    values.put(field, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    // not ours; left out rather than failing every read
                }
            });
            return values;
        });
    }

    /**
     * Adds an amount to every counter unless one of them would pass its limit.
     *
     * @param windows the counters
     * @param amount  what to add
     * @return 0 when added, else the number (from 1) of the first counter that would pass its
     *         limit; empty when Redis was not reached
     */
    public Optional<Integer> addWithinLimits(List<Window> windows, long amount) {
        List<String> keys = new ArrayList<>(windows.size());
        List<String> arguments = new ArrayList<>(windows.size() * 2 + 1);
        arguments.add(Long.toString(amount));
        for (Window window : windows) {
            keys.add(window.key());
            arguments.add(Long.toString(window.limit()));
            arguments.add(Long.toString(Math.max(1, window.lifetime().toMillis())));
        }
        return redis.call(client -> client.eval(ADD_WITHIN_LIMITS, keys, arguments))
                .map(answer -> ((Number) answer).intValue());
    }

    /**
     * Calls that failed, timed out, or were skipped while Redis was backing off.
     *
     * @return the count
     */
    public long failures() {
        return failures.sum();
    }

    @Override
    public void close() {
        redis.close();
    }
}
