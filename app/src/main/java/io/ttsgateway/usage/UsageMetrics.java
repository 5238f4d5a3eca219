package io.ttsgateway.usage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

/**
 * Usage as meters in Helidon's global registry, counted by this process since it started
 * (Prometheus names in brackets): characters ({@code tts_usage_characters_total{key,provider}}),
 * audio ({@code tts_usage_audio_milliseconds_total}), requests ({@code tts_usage_requests_total}),
 * cache hits ({@code tts_usage_cache_hits_total}), and requests or sessions a key was refused
 * ({@code tts_keys_refused_total{key,reason}}). The totals that survive restarts are the
 * {@link UsageLedger}'s.
 */
public final class UsageMetrics {

    private static final String SCOPE = "application";

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** The four counters of a key and provider, found with one lookup per request. */
    private final Map<UsageKey, KeyCounters> byKey = new ConcurrentHashMap<>();

    private record KeyCounters(Counter characters, Counter audioMillis, Counter requests, Counter cacheHits) {
    }

    /**
     * Counts what one request used.
     *
     * @param key   key and provider
     * @param usage the request's usage
     */
    void record(UsageKey key, Usage usage) {
        KeyCounters meters = byKey.computeIfAbsent(key, this::countersOf);
        meters.characters().increment(usage.characters());
        meters.audioMillis().increment(usage.audioMillis());
        meters.requests().increment(usage.requests());
        meters.cacheHits().increment(usage.cacheHits());
    }

    private KeyCounters countersOf(UsageKey key) {
        List<Tag> tags = List.of(Tag.create("key", key.key()), Tag.create("provider", key.provider()));
        return new KeyCounters(
                counter("tts.usage.characters", tags, "Characters of text admitted, by key and provider"),
                counter("tts.usage.audio.milliseconds", tags, "Audio delivered, by key and provider"),
                counter("tts.usage.requests", tags, "Requests answered, by key and provider"),
                counter("tts.usage.cache.hits", tags, "Requests served from the cache, by key and provider"));
    }

    /**
     * Counts a refusal.
     *
     * @param key    the key's name
     * @param reason the limit or rule, such as {@code characters_per_minute}, {@code sessions} or {@code provider}
     */
    public void refused(String key, String reason) {
        counter("tts.keys.refused", List.of(Tag.create("key", key), Tag.create("reason", reason)),
                "Requests and sessions refused by their key's limits or rights, by key and reason").increment();
    }

    private Counter counter(String name, List<Tag> tags, String description) {
        StringBuilder id = new StringBuilder(name);
        tags.forEach(tag -> id.append('|').append(tag.value()));
        return counters.computeIfAbsent(id.toString(), k -> registry.getOrCreate(
                Counter.builder(name).scope(SCOPE).tags(tags).description(description)));
    }
}
