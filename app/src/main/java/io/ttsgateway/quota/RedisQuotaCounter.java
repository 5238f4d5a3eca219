package io.ttsgateway.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.ttsgateway.cache.redis.RedisCounters;

/**
 * Quota windows in Redis, shared by every replica: one counter per key and window under
 * {@code tts:quota:v1:{<key>}:<window>:<index>}, charged by one script that checks every limit
 * first, so replicas never pass a limit together. While Redis cannot be reached, each replica
 * counts on its own ({@link LocalQuotaCounter}) rather than refusing or failing requests.
 */
public final class RedisQuotaCounter implements QuotaCounter {

    /** Prefix of every counter; the version changes with the layout. */
    public static final String KEY_PREFIX = "tts:quota:v1:";
    /** How long a counter outlives its window, so a replica whose clock is a little behind still finds it. */
    private static final Duration SLACK = Duration.ofMinutes(1);

    private final RedisCounters redis;
    private final LocalQuotaCounter fallback;

    /**
     * Creates the counter.
     *
     * @param redis    the counters in Redis
     * @param fallback the counts used while Redis cannot be reached
     */
    public RedisQuotaCounter(RedisCounters redis, LocalQuotaCounter fallback) {
        this.redis = redis;
        this.fallback = fallback;
    }

    @Override
    public QuotaDecision charge(String key, long characters, Quota quota, Instant now) {
        QuotaDecision tooLarge = QuotaDecision.neverFits(quota, characters).orElse(null);
        if (tooLarge != null) {
            return tooLarge;
        }
        List<QuotaWindow> limited = new ArrayList<>();
        List<RedisCounters.Window> counters = new ArrayList<>();
        for (QuotaWindow window : QuotaWindow.values()) {
            quota.characters(window).ifPresent(limit -> {
                limited.add(window);
                // The hash tag keeps a key's counters in one slot of a Redis Cluster, as one script needs.
                counters.add(new RedisCounters.Window(KEY_PREFIX + "{" + key + "}:" + window.id()
                        + ":" + window.index(now), limit, window.untilNext(now).plus(SLACK)));
            });
        }
        if (counters.isEmpty()) {
            return QuotaDecision.ALLOWED;
        }
        Optional<Integer> answer = redis.addWithinLimits(counters, characters);
        if (answer.isEmpty()) {
            return fallback.charge(key, characters, quota, now);
        }
        if (answer.get() == 0) {
            return QuotaDecision.ALLOWED;
        }
        QuotaWindow window = limited.get(answer.get() - 1);
        return new QuotaDecision(window, quota.characters(window).orElseThrow(), window.untilNext(now));
    }
}
