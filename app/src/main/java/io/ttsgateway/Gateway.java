package io.ttsgateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.webserver.websocket.WsRouting;

import io.ttsgateway.breaker.ProviderBreaker;
import io.ttsgateway.breaker.ProviderBreakers;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.SharedTier;
import io.ttsgateway.cache.redis.RedisTier;
import io.ttsgateway.config.ConfigurationException;
import io.ttsgateway.config.GatewayConfig;
import io.ttsgateway.config.Setting;
import io.ttsgateway.keys.KeyAccess;
import io.ttsgateway.keys.KeyFileException;
import io.ttsgateway.observe.BreakerLog;
import io.ttsgateway.observe.GatewayHealth;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.trace.Tracing;
import io.ttsgateway.provider.ConfiguredProvider;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.session.SessionContext;
import io.ttsgateway.session.SessionRegistry;
import io.ttsgateway.session.TtsSession;
import io.ttsgateway.session.admission.ClientAuthenticator;
import io.ttsgateway.session.admission.OriginPolicy;
import io.ttsgateway.speech.SpeechEndpoint;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.web.PlaygroundPage;
import io.ttsgateway.web.ProvidersEndpoint;
import io.ttsgateway.web.UsageEndpoint;

/**
 * The gateway's parts, wired once: provider, cache, metrics, session registry. {@link Main} and the
 * tests both build the server through {@link #setup(WebServerConfig.Builder)}, so tests exercise
 * the production wiring.
 */
public final class Gateway implements AutoCloseable {

    /** Path of the WebSocket endpoint, as in xRx. */
    public static final String WEBSOCKET_PATH = "/api/v1/ws";

    private static final Logger LOGGER = Logger.getLogger(Gateway.class.getName());
    /** Longest JSON string Jackson accepts; above the message size limit, which is checked first. */
    private static final int MAX_JSON_STRING = 1024 * 1024;

    private final GatewayConfig config;
    private final ProviderRegistry providers;
    private final AudioCache cache;
    private final SessionRegistry registry;
    private final GatewayMetrics metrics;
    private final SessionContext context;
    private final KeyAccess keys;
    private final Tracing tracing;
    private final List<Thread> warmers = new CopyOnWriteArrayList<>();
    private volatile boolean providerFailed;

    private Gateway(GatewayConfig config, ProviderRegistry providers, AudioCache cache, KeyAccess keys,
                    ObjectMapper mapper, Tracing tracing) {
        this.config = config;
        this.tracing = tracing;
        this.providers = providers;
        this.cache = cache;
        this.keys = keys;
        this.registry = new SessionRegistry(config.limits());
        this.metrics = new GatewayMetrics(registry::activeSessions, cache::sizeBytes);
        if (cache.hasSharedTier()) {
            metrics.sharedCacheTier(cache.sharedTierStats());
        }
        for (ProviderBreaker breaker : providers.breakers().all()) {
            metrics.providerBreaker(breaker.provider(), () -> breaker.state().gaugeValue());
        }
        providers.all().forEach(p -> p.load().ifPresent(load -> metrics.providerLoad(p.name(), load)));
        this.context = new SessionContext(new Synthesizer(providers, cache, metrics,
                                                                  config.coalesceMaxBytes()), config.defaultFormat(),
                                          config.limits(), metrics, registry, mapper,
                                          new ClientAuthenticator(keys), new OriginPolicy(config.allowedOrigins()),
                                          tracing);
    }

    /**
     * Creates the gateway's parts. The provider is not warmed up yet: call {@link #warmUp()}.
     *
     * @param config the configuration
     * @return the gateway
     * @throws IOException when the cache directory cannot be used
     */
    public static Gateway create(GatewayConfig config) throws IOException {
        return create(config, System::nanoTime);
    }

    /**
     * Creates the gateway's parts with the clock of its circuit breakers' cool-downs (tests move it).
     *
     * @param config    the configuration
     * @param nanoClock the time in nanoseconds
     * @return the gateway
     * @throws IOException when the cache directory cannot be used
     */
    static Gateway create(GatewayConfig config, LongSupplier nanoClock) throws IOException {
        Tracing tracing;
        try {
            tracing = Tracing.start(config.tracing());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Setting.OTEL_EXPORTER_OTLP_ENDPOINT.environmentVariable() + "="
                                                     + config.tracing().endpoint().orElse("")
                                                     + ": tracing cannot start (" + e.getMessage() + ")");
        }
        try {
            return create(config, tracing, nanoClock);
        } catch (IOException | RuntimeException e) {
            tracing.close();
            throw e;
        }
    }

    /**
     * Creates the gateway's parts with the given tracing (tests: an in-memory exporter) and breaker clock.
     *
     * @param config    the configuration
     * @param tracing   where request spans go; the gateway closes it
     * @param nanoClock the time in nanoseconds of the circuit breakers' cool-downs
     * @return the gateway
     * @throws IOException when the cache directory cannot be used
     */
    public static Gateway create(GatewayConfig config, Tracing tracing, LongSupplier nanoClock) throws IOException {
        List<TtsProvider> created = new ArrayList<>();
        for (ConfiguredProvider<?> provider : config.offered()) {
            created.add(provider.create());
        }
        ProviderBreakers breakers = new ProviderBreakers(config.providers(), config.breaker(), nanoClock,
                                                         new BreakerLog());
        ProviderRegistry providers = new ProviderRegistry(created, config.provider(), config.fallback(), breakers);
        ObjectMapper mapper = JsonMappers.create();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                                                             .maxStringLength(MAX_JSON_STRING).maxNestingDepth(64)
                                                             .build());
        AudioCache cache = AudioCache.disabled();
        if (config.cacheEnabled()) {
            SharedTier tier = config.redis().<SharedTier>map(RedisTier::open).orElseGet(SharedTier::none);
            cache = AudioCache.open(config.cache(), tier);
        } else if (config.redis().isPresent()) {
            LOGGER.warning("CACHE_REDIS_URL is set but CACHE_ENABLED=false: Redis sits behind the disk cache, "
                                   + "so the cache does not use it (usage counts of client keys still do)");
        }
        KeyAccess keys;
        try {
            keys = KeyAccess.open(config.keys(), config.apiKeys(), Set.copyOf(config.providers()),
                                  config.cache().directory(), config.redis(), mapper);
        } catch (KeyFileException e) {
            providers.close();
            cache.close();
            throw new ConfigurationException(Setting.KEYS_FILE.environmentVariable() + "="
                                                     + config.keys().file().orElseThrow() + " " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            providers.close();
            cache.close();
            throw e;
        }
        return new Gateway(config, providers, cache, keys, mapper, tracing);
    }

    /**
     * Adds the WebSocket endpoint, health and metrics to a server. Does not set host or port.
     *
     * @param server the server builder
     */
    public void setup(WebServerConfig.Builder server) {
        // Audio goes out in many small writes; without TCP_NODELAY, Nagle's algorithm meeting the
        // client's delayed ACKs holds the last frame or a `done` back by about 40 ms.
        server.connectionOptions(SocketOptions.builder()
                                         .from(server.connectionOptions().orElseGet(() -> SocketOptions.builder().build()))
                                         .tcpNoDelay(true)
                                         .build())
                .shutdownHook(false) // Main drains sessions before the server stops
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.builder()
                                    .addObserver(HealthObserver.builder()
                                                         .details(true)
                                                         .addCheck(GatewayHealth.readiness(
                                                                 providers.defaultProvider().name(),
                                                                 () -> providers.defaultProvider().isReady(),
                                                                 registry::isDraining, this::breakerStates))
                                                         .addCheck(GatewayHealth.liveness(() -> providerFailed))
                                                         .build())
                                    .addObserver(MetricsObserver.create())
                                    .build())
                .addRouting(WsRouting.builder().endpoint(WEBSOCKET_PATH, () -> new TtsSession(context)));
        HttpRouting.Builder routing = httpRouting(server);
        tracing.apiSpans().ifPresent(routing::addFilter);
        routing.register(
                new PlaygroundPage(), new ProvidersEndpoint(providers, config.defaultFormat(), keys.enabled()),
                new SpeechEndpoint(context, config.modelAliases()));
        // Without an admin key the usage endpoint does not exist: a 404 gives nothing to probe.
        config.keys().adminKey().ifPresent(admin -> routing.register(
                new UsageEndpoint(keys.usage(), admin, context.mapper())));
    }

    /** Each provider's breaker state, for the readiness details. */
    private Map<String, String> breakerStates() {
        Map<String, String> states = new LinkedHashMap<>();
        providers.breakers().all().forEach(breaker -> states.put(breaker.provider(), breaker.state().wireName()));
        return states;
    }

    /**
     * The listener's one HTTP routing, created when missing. Helidon 4.5 refuses a second one
     * ({@code addRouting} of an {@link HttpRouting} once any routing is there), so services are
     * registered on the routing the builder already has, whoever created it.
     */
    private static HttpRouting.Builder httpRouting(WebServerConfig.Builder server) {
        return server.routing().orElseGet(() -> {
            HttpRouting.Builder routing = HttpRouting.builder();
            server.routing(routing);
            return routing;
        });
    }

    /**
     * Warms the default provider up (the embedded engine loads and synthesizes once) and starts
     * warming the others in the background: readiness waits for the default only, and a request
     * for a provider still warming fails over like any provider that cannot serve yet.
     *
     * @return true when the default provider is ready
     */
    public boolean warmUp() {
        TtsProvider first = providers.defaultProvider();
        for (TtsProvider other : providers.all()) {
            if (other != first) {
                warmers.add(Thread.ofVirtual().name("tts-warm-up-" + other.name()).start(() -> initialize(other)));
            }
        }
        boolean ready = initialize(first);
        if (!ready) {
            providerFailed = true;
        }
        return ready;
    }

    private static boolean initialize(TtsProvider provider) {
        try {
            provider.initialize();
            return true;
        } catch (ProviderException e) {
            LOGGER.log(Level.SEVERE, "Provider " + provider.name() + " failed to start: " + e.getMessage(), e);
            return false;
        }
    }

    /**
     * Drains sessions, then stops the server and releases everything.
     *
     * @param server the running server
     * @return true when every request in flight finished within the grace period
     */
    public boolean shutdown(WebServer server) {
        LOGGER.info(() -> "Shutting down: draining " + registry.activeSessions() + " sessions for up to "
                + config.shutdownGrace().toSeconds() + " s");
        boolean drained = registry.drain(config.shutdownGrace());
        server.stop();
        close();
        return drained;
    }

    /**
     * The live sessions.
     *
     * @return the registry
     */
    public SessionRegistry sessions() {
        return registry;
    }

    /**
     * The cache.
     *
     * @return the cache, {@link AudioCache#disabled()} when caching is off
     */
    public AudioCache cache() {
        return cache;
    }

    /**
     * The synthesizer (for tests that compute cache keys).
     *
     * @return the synthesizer
     */
    public Synthesizer synthesizer() {
        return context.synthesizer();
    }

    /**
     * Client keys, their limits and usage.
     *
     * @return the key access
     */
    public KeyAccess keys() {
        return keys;
    }

    /**
     * The configuration in use.
     *
     * @return the configuration
     */
    public GatewayConfig config() {
        return config;
    }

    @Override
    public void close() {
        warmers.forEach(Thread::interrupt);
        registry.close();
        keys.close(); // after the sessions: their usage is in the ledger
        providers.close();
        cache.close();
        tracing.close(); // last: ended sessions have ended their spans
    }
}
