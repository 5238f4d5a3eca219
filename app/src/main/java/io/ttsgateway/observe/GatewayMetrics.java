package io.ttsgateway.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import io.ttsgateway.cache.SharedTierStats;
import io.ttsgateway.provider.ProviderLoad;

/**
 * The gateway's meters, in Helidon's global registry (Prometheus names in brackets):
 * requests by terminal status and source ({@code tts_requests_total{status,source}}), protocol errors by code
 * ({@code tts_errors_total{code}}), time to first audio byte by source
 * ({@code tts_time_to_first_byte_seconds{source}}), cache hits and misses
 * ({@code tts_cache_hits_total}, {@code tts_cache_misses_total}), active sessions
 * ({@code tts_sessions_active}), each provider's circuit breaker ({@code tts_provider_breaker_state{provider}}),
 * sessions the server closed by reason
 * ({@code tts_sessions_closed_total{reason}}), for each provider that bounds its requests its load
 * ({@code tts_provider_admitted}, {@code tts_provider_capacity}, {@code tts_provider_queue_depth} and
 * {@code tts_provider_refused_total}, each by {@code provider}), and with Redis behind the disk cache its lookups, failures and
 * writes ({@code tts_cache_redis_*_total}, see {@link #sharedCacheTier(SharedTierStats)}).
 */
public final class GatewayMetrics {

    private static final String SCOPE = "application";
    /** Histogram buckets from a cache hit (about a millisecond) to a slow cloud provider. */
    private static final Duration[] FIRST_BYTE_BUCKETS = java.util.stream.LongStream
            .of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Timer> firstByte = new ConcurrentHashMap<>();
    private final Map<String, Counter> providerFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> sessionsClosed = new ConcurrentHashMap<>();
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter coalesced;

    /**
     * Registers the meters.
     *
     * @param activeSessions current number of sessions
     * @param cacheBytes     current cache size in bytes
     */
    public GatewayMetrics(Supplier<Integer> activeSessions, Supplier<Long> cacheBytes) {
        this.registry = Metrics.globalRegistry();
        this.cacheHits = registry.getOrCreate(Counter.builder("tts.cache.hits").scope(SCOPE)
                                                      .description("Requests served from the cache"));
        this.cacheMisses = registry.getOrCreate(Counter.builder("tts.cache.misses").scope(SCOPE)
                                                        .description("Requests synthesized by a provider"));
        this.coalesced = registry.getOrCreate(Counter.builder("tts.requests.coalesced").scope(SCOPE)
                                                      .description("Requests that joined an identical synthesis"
                                                                           + " in flight instead of asking the provider"));
        gauge("tts.sessions.active", activeSessions, "Open WebSocket sessions");
        gauge("tts.cache.bytes", cacheBytes, "Bytes held by the audio cache");
    }

    /**
     * Registers the counters of the shared Redis tier: {@code tts_cache_redis_hits_total} (disk misses
     * served from Redis), {@code _misses_total} (disk misses it could not serve, whatever the reason),
     * {@code _errors_total} (calls that failed or timed out), {@code _skipped_total} (calls not made
     * while Redis was backing off), {@code _writes_total}, {@code _dropped_total} (entries not sent
     * because too many were pending) and {@code _corrupt_total} (entries that failed verification).
     *
     * @param stats the tier's live counters
     */
    public void sharedCacheTier(SharedTierStats stats) {
        counter("tts.cache.redis.hits", stats, SharedTierStats::hits, "Disk cache misses served from Redis");
        counter("tts.cache.redis.misses", stats, SharedTierStats::misses, "Disk cache misses not served from Redis");
        counter("tts.cache.redis.errors", stats, SharedTierStats::errors, "Redis calls that failed or timed out");
        counter("tts.cache.redis.skipped", stats, SharedTierStats::skipped,
                "Redis calls skipped while it was backing off after a failure");
        counter("tts.cache.redis.writes", stats, SharedTierStats::writes, "Cache entries written to Redis");
        counter("tts.cache.redis.dropped", stats, SharedTierStats::dropped,
                "Cache entries not written to Redis because too many writes were pending");
        counter("tts.cache.redis.corrupt", stats, SharedTierStats::corrupt,
                "Redis entries that failed verification and were deleted");
    }

    /**
     * Registers the load of a provider that bounds its requests: requests admitted now, the bound, the
     * admitted ones waiting for the engine, and the requests refused as busy.
     *
     * @param provider the provider's name, the meters' {@code provider} tag
     * @param load     its live load
     */
    public void providerLoad(String provider, ProviderLoad load) {
        List<Tag> tags = List.of(Tag.create("provider", provider));
        replace(Gauge.builder("tts.provider.admitted", load::admitted).tags(tags)
                        .description("Requests a provider has admitted and not yet ended"), tags);
        replace(Gauge.builder("tts.provider.capacity", load::limit).tags(tags)
                        .description("Requests a provider admits at once; one more is refused with server_busy"), tags);
        replace(Gauge.builder("tts.provider.queue.depth", load::queued).tags(tags)
                        .description("Admitted requests waiting for the provider's engine"), tags);
        replace(FunctionalCounter.builder("tts.provider.refused", load, ProviderLoad::refused).tags(tags)
                        .description("Requests a provider refused at capacity (server_busy or a fallback)"), tags);
    }

    /**
     * Registers {@code tts_coalesce_offheap_bytes}: the off-heap memory now holding audio that syntheses
     * in flight keep for identical requests joining them.
     *
     * @param bytes the bytes held now
     */
    public void offHeapAudio(Supplier<Long> bytes) {
        gauge("tts.coalesce.offheap.bytes", bytes, "Off-heap bytes holding audio kept for requests that join"
                + " an identical synthesis in flight");
    }

    /** Registers a tagged meter in place of an earlier gateway's in this JVM. */
    private <M extends Meter, B extends Meter.Builder<B, M>> void replace(B meter, List<Tag> tags) {
        registry.remove(meter.name(), tags, SCOPE);
        registry.getOrCreate(meter.scope(SCOPE));
    }

    /** Like {@link #gauge}: the latest gateway's counters replace an earlier one's. */
    private void counter(String name, SharedTierStats stats, Function<SharedTierStats, Long> value,
                         String description) {
        registry.remove(name, List.of(), SCOPE);
        registry.getOrCreate(FunctionalCounter.builder(name, stats, value).scope(SCOPE).description(description));
    }

    /** Replaces a gauge a previous gateway in this JVM registered, so it reads this gateway's state. */
    private <N extends Number> void gauge(String name, Supplier<N> value, String description) {
        registry.remove(name, List.of(), SCOPE);
        registry.getOrCreate(Gauge.builder(name, value).scope(SCOPE).description(description));
    }

    /**
     * Counts a request by its terminal status and source.
     *
     * @param status completed, cancelled or failed
     * @param source {@code cache}, or the provider that made its audio (the last one tried when none did)
     */
    public void requestFinished(String status, String source) {
        requests.computeIfAbsent(status + "/" + source, k -> registry.getOrCreate(
                Counter.builder("tts.requests").scope(SCOPE)
                        .tags(List.of(Tag.create("status", status), Tag.create("source", source)))
                        .description("Requests by terminal status and source"))).increment();
    }

    /**
     * Registers the state gauge of a provider's circuit breaker,
     * {@code tts_provider_breaker_state{provider}}: 0 closed, 1 half-open, 2 open.
     *
     * @param provider the provider
     * @param state    its breaker's state as the gauge's value
     */
    public void providerBreaker(String provider, Supplier<Integer> state) {
        List<Tag> tags = List.of(Tag.create("provider", provider));
        registry.remove("tts.provider.breaker.state", tags, SCOPE);
        registry.getOrCreate(Gauge.builder("tts.provider.breaker.state", state).scope(SCOPE).tags(tags)
                                     .description("Circuit breaker of a provider: 0 closed, 1 half-open, 2 open"));
    }

    /**
     * Counts a protocol error.
     *
     * @param code the error code
     */
    public void protocolError(String code) {
        errors.computeIfAbsent(code, c -> registry.getOrCreate(
                Counter.builder("tts.errors").scope(SCOPE).tags(List.of(Tag.create("code", c)))
                        .description("Client messages answered with an error, by code"))).increment();
    }

    /**
     * Records the time from the moment a request could be served to its first audio byte.
     *
     * @param elapsed time to first byte
     * @param source  {@code cache}, or the name of the provider that synthesized it
     */
    public void firstByte(Duration elapsed, String source) {
        firstByte.computeIfAbsent(source, s -> registry.getOrCreate(
                Timer.builder("tts.time.to.first.byte").scope(SCOPE).tags(List.of(Tag.create("source", s)))
                        .percentiles(0.5, 0.9, 0.99)
                        .buckets(FIRST_BYTE_BUCKETS)
                        .description("Time to the first audio byte sent, by source")))
                .record(elapsed);
    }

    /**
     * Counts a provider failure, whether or not a fallback provider then served the request.
     *
     * @param provider the provider that failed
     * @param code     the error code it maps to
     */
    public void providerFailure(String provider, String code) {
        providerFailures.computeIfAbsent(provider + "/" + code, k -> registry.getOrCreate(
                Counter.builder("tts.provider.failures").scope(SCOPE)
                        .tags(List.of(Tag.create("provider", provider), Tag.create("code", code)))
                        .description("Provider failures by provider and error code"))).increment();
    }

    /**
     * Counts a session the server closed.
     *
     * @param reason why, such as {@code slow_client} (it stopped reading)
     */
    public void sessionClosed(String reason) {
        sessionsClosed.computeIfAbsent(reason, r -> registry.getOrCreate(
                Counter.builder("tts.sessions.closed").scope(SCOPE).tags(List.of(Tag.create("reason", r)))
                        .description("Sessions the server closed, by reason"))).increment();
    }

    /** Counts a cache hit. */
    public void cacheHit() {
        cacheHits.increment();
    }

    /** Counts a cache miss. */
    public void cacheMiss() {
        cacheMisses.increment();
    }

    /** Counts a request that joined an identical synthesis in flight. */
    public void coalesced() {
        coalesced.increment();
    }
}
