package io.ttsgateway.usage;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.ttsgateway.cache.redis.RedisCounters;
import io.ttsgateway.quota.LocalQuotaCounter;
import io.ttsgateway.quota.QuotaCounter;
import io.ttsgateway.quota.RedisQuotaCounter;

/**
 * Usage totals in Redis, shared by every replica: one hash, {@code tts:usage:v1}, with a field
 * {@code <key>/<provider>/<measure>} per count, added to by one script per flush so a flush
 * counts whole or not at all. Quota windows are in Redis too ({@link RedisQuotaCounter}).
 */
public final class RedisUsageStore implements UsageStore {

    /** The hash of every total; the version changes with the layout. */
    public static final String HASH = "tts:usage:v1";

    private static final String CHARACTERS = "characters";
    private static final String AUDIO_MILLIS = "audioMillis";
    private static final String REQUESTS = "requests";
    private static final String CACHE_HITS = "cacheHits";

    private final RedisCounters redis;
    private final RedisQuotaCounter quotas;

    /**
     * Creates the store.
     *
     * @param redis the counters in Redis; closed with the store
     */
    public RedisUsageStore(RedisCounters redis) {
        this.redis = redis;
        this.quotas = new RedisQuotaCounter(redis, new LocalQuotaCounter());
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public QuotaCounter quotas() {
        return quotas;
    }

    @Override
    public void add(Map<UsageKey, Usage> deltas) throws IOException {
        Map<String, Long> fields = new HashMap<>();
        deltas.forEach((key, usage) -> {
            String prefix = key.key() + "/" + key.provider() + "/";
            fields.put(prefix + CHARACTERS, usage.characters());
            fields.put(prefix + AUDIO_MILLIS, usage.audioMillis());
            fields.put(prefix + REQUESTS, usage.requests());
            fields.put(prefix + CACHE_HITS, usage.cacheHits());
        });
        if (!redis.add(HASH, fields)) {
            throw new IOException("Redis cannot be reached");
        }
    }

    @Override
    public Map<UsageKey, Usage> totals() throws IOException {
        Map<String, Long> fields = redis.read(HASH).orElseThrow(() -> new IOException("Redis cannot be reached"));
        Map<UsageKey, Usage> totals = new HashMap<>();
        fields.forEach((field, value) -> {
            String[] parts = field.split("/", -1);
            if (parts.length != 3) {
                return;
            }
            Usage usage = switch (parts[2]) {
                case CHARACTERS -> new Usage(value, 0, 0, 0);
                case AUDIO_MILLIS -> new Usage(0, value, 0, 0);
                case REQUESTS -> new Usage(0, 0, value, 0);
                case CACHE_HITS -> new Usage(0, 0, 0, value);
                default -> null;
            };
            if (usage != null) {
                totals.merge(new UsageKey(parts[0], parts[1]), usage, Usage::plus);
            }
        });
        return totals;
    }

    @Override
    public void close() {
        redis.close();
    }
}
