package io.ttsgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.breaker.BreakerSettings;
import io.ttsgateway.cache.CacheSettings;
import io.ttsgateway.cache.redis.RedisEndpoint;
import io.ttsgateway.cache.redis.RedisSettings;
import io.ttsgateway.observe.LogFormat;
import io.ttsgateway.keys.KeySettings;
import io.ttsgateway.observe.trace.TraceSettings;
import io.ttsgateway.provider.ConfigKey;
import io.ttsgateway.provider.ConfiguredProvider;
import io.ttsgateway.provider.ProviderFactory;
import io.ttsgateway.session.SessionLimits;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.text.SegmentSchedule;

/**
 * The gateway's whole configuration, resolved and validated.
 *
 * @param host           listening address
 * @param port           listening port
 * @param provider       provider used by requests that name none (after {@code auto} was resolved)
 * @param offered        every provider requests may name, its settings read, the default first
 * @param fallback       providers tried in order when a request's provider fails before its first byte
 * @param defaultFormat  audio format of requests that name none
 * @param cacheEnabled   whether audio is cached
 * @param cache          cache directory and bounds
 * @param coalesceMaxBytes audio an in-flight synthesis keeps for identical requests that join it; 0: off
 * @param redis          the shared Redis tier behind the disk cache, when {@code CACHE_REDIS_URL} is set
 * @param limits         per-connection limits
 * @param shutdownGrace  time in-flight requests get on shutdown
 * @param apiKeys        client API keys without limits; empty (and no key file) when clients need none
 * @param allowedOrigins origins of the web pages that may open the WebSocket; {@code *}: any; empty: its own host
 * @param keys           the key file, its reload, the admin key and the usage flush interval
 * @param modelAliases   model names of the OpenAI-compatible API that stand for a provider, model and voice
 * @param logFormat      how the log is written
 * @param breaker        the run of failures that opens a provider's circuit breaker, and its cool-down
 * @param tracing        where request traces go, if anywhere
 */
public record GatewayConfig(String host,
                            int port,
                            String provider,
                            List<ConfiguredProvider<?>> offered,
                            List<String> fallback,
                            AudioFormat defaultFormat,
                            boolean cacheEnabled,
                            CacheSettings cache,
                            long coalesceMaxBytes,
                            Optional<RedisSettings> redis,
                            SessionLimits limits,
                            Duration shutdownGrace,
                            Set<String> apiKeys,
                            Set<String> allowedOrigins,
                            KeySettings keys,
                            List<ModelAlias> modelAliases,
                            LogFormat logFormat,
                            BreakerSettings breaker,
                            TraceSettings tracing) {

    /**
     * Loads the configuration sources, highest priority first: system properties, the environment
     * (by the variable names of {@link Setting} and of every provider's settings),
     * {@code ./application.yaml}, then the
     * {@code application.yaml} on the classpath.
     *
     * @param environment environment variables, normally {@link System#getenv()}
     * @return the Helidon configuration
     */
    public static Config load(Map<String, String> environment) {
        Map<String, String> fromEnvironment = new HashMap<>();
        List<ConfigKey> keys = new ArrayList<>(List.of(Setting.values()));
        ProviderFactory.installed().forEach(factory -> keys.addAll(factory.settings()));
        for (ConfigKey setting : keys) {
            String value = environment.get(setting.environmentVariable());
            if (value != null) {
                fromEnvironment.put(setting.key(), value);
            }
        }
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(List.of(ConfigSources.systemProperties(),
                                 ConfigSources.create(fromEnvironment, "environment"),
                                 ConfigSources.file("application.yaml").optional(),
                                 ConfigSources.classpath("application.yaml").optional()))
                .build();
    }

    /**
     * Resolves and validates every setting.
     *
     * @param config the loaded configuration
     * @return the gateway configuration
     * @throws ConfigurationException naming the variable to fix
     */
    public static GatewayConfig from(Config config) {
        SettingReader reader = new SettingReader(config);
        int sampleRate = reader.integer(Setting.TTS_SAMPLE_RATE);
        if (!AudioFormat.PCM_RATES.contains(sampleRate)) {
            throw new ConfigurationException("TTS_SAMPLE_RATE=" + sampleRate + " is not supported; use one of "
                                                     + AudioFormat.PCM_RATES.stream().sorted().toList());
        }
        long cacheMax = reader.positiveLong(Setting.CACHE_MAX_BYTES);
        SessionLimits limits = new SessionLimits(reader.positiveInt(Setting.MAX_TEXT_LENGTH),
                                                 reader.positiveInt(Setting.MAX_MESSAGE_BYTES),
                                                 reader.positiveInt(Setting.RATE_LIMIT_PER_MINUTE),
                                                 reader.positiveInt(Setting.MAX_QUEUED_REQUESTS),
                                                 reader.nonNegativeInt(Setting.LOOKAHEAD),
                                                 reader.positiveInt(Setting.REQUEST_BUFFER_BYTES),
                                                 reader.duration(Setting.STALL_TIMEOUT),
                                                 reader.duration(Setting.PING_INTERVAL),
                                                 reader.positiveInt(Setting.MAX_SESSIONS),
                                                 reader.wrap(Setting.TTS_SEGMENT_SCHEDULE, () -> SegmentSchedule.parse(
                                                         reader.string(Setting.TTS_SEGMENT_SCHEDULE))),
                                                 positive(reader, Setting.TTS_STREAM_IDLE_TIMEOUT),
                                                 positive(reader, Setting.WRITE_TIMEOUT),
                                                 reader.positiveInt(Setting.MAX_BUFFERED_BYTES),
                                                 new PlayoutSettings(reader.duration(Setting.AUDIO_LEAD),
                                                                     reader.duration(Setting.AUDIO_FRAME)));
        reader.timeouts(); // checked even when no cloud provider is configured
        List<ProviderFactory<?>> factories = ProviderFactory.installed();
        String provider = ProviderSelector.select(reader, factories);
        List<ConfiguredProvider<?>> offered = ProviderSelector.available(reader, factories, provider);
        List<String> providers = offered.stream().map(ConfiguredProvider::name).toList();
        return new GatewayConfig(reader.string(Setting.HOST),
                                 reader.port(Setting.PORT),
                                 provider,
                                 offered,
                                 ProviderSelector.fallback(reader, providers),
                                 AudioFormat.pcm(sampleRate),
                                 reader.bool(Setting.CACHE_ENABLED),
                                 new CacheSettings(Path.of(reader.string(Setting.CACHE_DIR)), cacheMax,
                                                   reader.positiveLong(Setting.CACHE_MAX_ENTRY_BYTES)),
                                 reader.nonNegativeLong(Setting.CACHE_COALESCE_MAX_BYTES),
                                 redis(reader),
                                 limits,
                                 reader.duration(Setting.SHUTDOWN_GRACE_PERIOD),
                                 list(reader, Setting.API_KEYS),
                                 list(reader, Setting.ALLOWED_ORIGINS),
                                 keys(reader),
                                 aliases(reader, providers),
                                 reader.parse(Setting.LOG_FORMAT, LogFormat::parse, "must be text or json"),
                                 new BreakerSettings(reader.nonNegativeInt(Setting.PROVIDER_BREAKER_FAILURES),
                                                     positive(reader, Setting.PROVIDER_BREAKER_COOLDOWN)),
                                 tracing(reader));
    }

    /** A comma-separated setting's values, blanks left out. */
    private static Set<String> list(SettingReader reader, Setting setting) {
        return Arrays.stream(reader.string(setting).split(","))
                .map(String::trim).filter(value -> !value.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The names of the providers requests may use.
     *
     * @return names, the default first
     */
    public List<String> providers() {
        return offered.stream().map(ConfiguredProvider::name).toList();
    }

    /** The OTLP endpoint, an http(s) URL when set, and the service name. */
    private static TraceSettings tracing(SettingReader reader) {
        String endpoint = reader.string(Setting.OTEL_EXPORTER_OTLP_ENDPOINT).trim();
        if (!endpoint.isEmpty() && !endpoint.matches("(?i)https?://[^/\\s]+.*")) {
            throw new ConfigurationException(Setting.OTEL_EXPORTER_OTLP_ENDPOINT.environmentVariable() + "=" + endpoint
                                                     + " is not an http(s) URL such as http://collector:4318");
        }
        String service = reader.string(Setting.OTEL_SERVICE_NAME).trim();
        return new TraceSettings(endpoint.isEmpty() ? Optional.empty() : Optional.of(endpoint),
                                 service.isEmpty() ? Setting.OTEL_SERVICE_NAME.defaultValue() : service);
    }

    /** The API's model aliases, each naming a provider this gateway has. */
    private static List<ModelAlias> aliases(SettingReader reader, List<String> providers) {
        List<ModelAlias> aliases = reader.wrap(Setting.SPEECH_MODEL_ALIASES,
                                               () -> ModelAlias.parseList(reader.string(Setting.SPEECH_MODEL_ALIASES)));
        for (ModelAlias alias : aliases) {
            if (!providers.contains(alias.provider())) {
                throw new ConfigurationException(Setting.SPEECH_MODEL_ALIASES.environmentVariable() + ": '"
                        + alias.name() + "' names provider " + alias.provider() + ", which is not configured (one of "
                        + providers + ")");
            }
        }
        return aliases;
    }

    /** The key file, the admin key and the intervals of key reloads and usage flushes. */
    private static KeySettings keys(SettingReader reader) {
        String file = reader.string(Setting.KEYS_FILE).trim();
        String admin = reader.string(Setting.ADMIN_KEY).trim();
        return new KeySettings(file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file)),
                               positive(reader, Setting.KEYS_RELOAD_INTERVAL),
                               admin.isEmpty() ? Optional.empty() : Optional.of(admin),
                               positive(reader, Setting.USAGE_FLUSH_INTERVAL));
    }

    /** The Redis tier, when a URL is set; a bad URL names the variable and never shows the password. */
    private static Optional<RedisSettings> redis(SettingReader reader) {
        String url = reader.string(Setting.CACHE_REDIS_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        RedisEndpoint endpoint;
        try {
            endpoint = RedisEndpoint.parse(url);
        } catch (IllegalArgumentException e) {
            throw reader.invalid(Setting.CACHE_REDIS_URL, e.getMessage()
                    + " (expected redis://host:6379/0, redis://:password@host:6379/0, rediss://user:password@host:6379/0)");
        }
        return Optional.of(reader.wrap(Setting.CACHE_REDIS_URL, () -> new RedisSettings(
                endpoint, reader.duration(Setting.CACHE_REDIS_TTL), reader.duration(Setting.CACHE_REDIS_TIMEOUT),
                reader.positiveLong(Setting.CACHE_REDIS_MAX_ENTRY_BYTES))));
    }

    private static Duration positive(SettingReader reader, Setting setting) {
        Duration value = reader.duration(setting);
        if (value.isZero()) {
            throw reader.invalid(setting, "must be positive");
        }
        return value;
    }

    /**
     * Never prints secrets.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "GatewayConfig[" + host + ":" + port + ", provider=" + provider + ", providers=" + providers()
                + ", fallback=" + fallback + ", breaker=" + (breaker.enabled() ? breaker.failures() + " failures/"
                + breaker.coolDown() : "off") + ", format=" + defaultFormat
                + ", cache=" + (cacheEnabled ? cache.directory() : "off")
                + ", redis=" + redis.map(RedisSettings::endpoint).map(Object::toString).orElse("off")
                + ", apiKeys=" + apiKeys.size() + ", keyFile=" + keys.file().map(Path::toString).orElse("none")
                + ", admin=" + (keys.adminKey().isPresent() ? "on" : "off")
                + ", traces=" + (tracing.endpoint().isPresent() ? "otlp" : "off") + "]";
    }
}
