package io.ttsgateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.CacheSettings;
import io.ttsgateway.cache.redis.RedisEndpoint;
import io.ttsgateway.cache.redis.RedisSettings;
import io.ttsgateway.marytts.MaryTtsSettings;
import io.ttsgateway.session.SessionLimits;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.tone.ToneSettings;

/**
 * The gateway's whole configuration, resolved and validated.
 *
 * @param host           listening address
 * @param port           listening port
 * @param provider       provider used by requests that name none (after {@code auto} was resolved)
 * @param providers      every provider requests may name, the default first
 * @param fallback       providers tried in order when a request's provider fails before its first byte
 * @param cloud          settings of the cloud providers whose key is set
 * @param defaultFormat  audio format of requests that name none
 * @param cacheEnabled   whether audio is cached
 * @param cache          cache directory and bounds
 * @param coalesceMaxBytes audio an in-flight synthesis keeps for identical requests that join it; 0: off
 * @param redis          the shared Redis tier behind the disk cache, when {@code CACHE_REDIS_URL} is set
 * @param limits         per-connection limits
 * @param shutdownGrace  time in-flight requests get on shutdown
 * @param apiKeys        client API keys; empty when clients need none
 * @param modelAliases   model names of the OpenAI-compatible API that stand for a provider, model and voice
 * @param mary           embedded engine settings
 * @param tone           tone provider settings
 */
public record GatewayConfig(String host,
                            int port,
                            String provider,
                            List<String> providers,
                            List<String> fallback,
                            CloudProviders cloud,
                            AudioFormat defaultFormat,
                            boolean cacheEnabled,
                            CacheSettings cache,
                            long coalesceMaxBytes,
                            Optional<RedisSettings> redis,
                            SessionLimits limits,
                            Duration shutdownGrace,
                            Set<String> apiKeys,
                            List<ModelAlias> modelAliases,
                            MaryTtsSettings mary,
                            ToneSettings tone) {

    /**
     * Loads the configuration sources, highest priority first: system properties, the environment
     * (by the variable names of {@link Setting}), {@code ./application.yaml}, then the
     * {@code application.yaml} on the classpath.
     *
     * @param environment environment variables, normally {@link System#getenv()}
     * @return the Helidon configuration
     */
    public static Config load(Map<String, String> environment) {
        Map<String, String> fromEnvironment = new HashMap<>();
        for (Setting setting : Setting.values()) {
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
        Reader reader = new Reader(config);
        int sampleRate = reader.integer(Setting.TTS_SAMPLE_RATE);
        if (!AudioFormat.PCM_RATES.contains(sampleRate)) {
            throw new ConfigurationException("TTS_SAMPLE_RATE=" + sampleRate + " is not supported; use one of "
                                                     + AudioFormat.PCM_RATES.stream().sorted().toList());
        }
        long cacheMax = reader.positiveLong(Setting.CACHE_MAX_BYTES);
        int cores = Runtime.getRuntime().availableProcessors();
        int maryConcurrent = reader.integer(Setting.MARYTTS_MAX_CONCURRENT);
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
                                                 reader.positiveInt(Setting.MAX_BUFFERED_BYTES));
        CloudProviders cloud = CloudProviders.read(reader);
        boolean maryEnabled = reader.bool(Setting.MARYTTS_ENABLED);
        String provider = ProviderSelector.select(reader, cloud, maryEnabled);
        List<String> providers = ProviderSelector.available(provider, cloud, maryEnabled);
        return new GatewayConfig(reader.string(Setting.HOST),
                                 reader.port(Setting.PORT),
                                 provider,
                                 providers,
                                 ProviderSelector.fallback(reader, providers),
                                 cloud,
                                 AudioFormat.pcm(sampleRate),
                                 reader.bool(Setting.CACHE_ENABLED),
                                 new CacheSettings(Path.of(reader.string(Setting.CACHE_DIR)), cacheMax,
                                                   reader.positiveLong(Setting.CACHE_MAX_ENTRY_BYTES)),
                                 reader.nonNegativeLong(Setting.CACHE_COALESCE_MAX_BYTES),
                                 redis(reader),
                                 limits,
                                 reader.duration(Setting.SHUTDOWN_GRACE_PERIOD),
                                 Arrays.stream(reader.string(Setting.API_KEYS).split(","))
                                         .map(String::trim).filter(key -> !key.isEmpty())
                                         .collect(Collectors.toUnmodifiableSet()),
                                 aliases(reader, providers),
                                 reader.wrap(Setting.MARYTTS_MAX_CONCURRENT, () -> new MaryTtsSettings(
                                         reader.string(Setting.MARYTTS_VOICE),
                                         maryConcurrent <= 0 ? cores : maryConcurrent,
                                         reader.duration(Setting.MARYTTS_QUEUE_TIMEOUT),
                                         reader.duration(Setting.MARYTTS_CHUNK))),
                                 reader.wrap(Setting.TONE_CHUNK, () -> new ToneSettings(
                                         reader.duration(Setting.TONE_FIRST_BYTE_DELAY),
                                         reader.duration(Setting.TONE_CHUNK_INTERVAL),
                                         reader.duration(Setting.TONE_CHUNK),
                                         reader.duration(Setting.TONE_PER_CHARACTER),
                                         440)));
    }

    /** The API's model aliases, each naming a provider this gateway has. */
    private static List<ModelAlias> aliases(Reader reader, List<String> providers) {
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

    /** The Redis tier, when a URL is set; a bad URL names the variable and never shows the password. */
    private static Optional<RedisSettings> redis(Reader reader) {
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

    private static Duration positive(Reader reader, Setting setting) {
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
        return "GatewayConfig[" + host + ":" + port + ", provider=" + provider + ", providers=" + providers
                + ", fallback=" + fallback + ", format=" + defaultFormat
                + ", cache=" + (cacheEnabled ? cache.directory() : "off")
                + ", redis=" + redis.map(RedisSettings::endpoint).map(Object::toString).orElse("off")
                + ", apiKeys=" + apiKeys.size() + "]";
    }

    /** Typed access with messages that name the environment variable. */
    static final class Reader {
        private static final int MAX_PORT = 65_535;
        private final Config config;

        Reader(Config config) {
            this.config = config;
        }

        String string(Setting setting) {
            return config.get(setting.key()).asString().orElse(setting.defaultValue()).trim();
        }

        int integer(Setting setting) {
            return parse(setting, Integer::parseInt);
        }

        int positiveInt(Setting setting) {
            int value = integer(setting);
            if (value <= 0) {
                throw invalid(setting, "must be positive");
            }
            return value;
        }

        /** A TCP port; 0 lets the system pick a free one (tests). */
        int port(Setting setting) {
            int value = integer(setting);
            if (value < 0 || value > MAX_PORT) {
                throw invalid(setting, "must be a TCP port, 1 to " + MAX_PORT + " (0: any free port)");
            }
            return value;
        }

        long nonNegativeLong(Setting setting) {
            long value = parse(setting, Long::parseLong);
            if (value < 0) {
                throw invalid(setting, "must not be negative");
            }
            return value;
        }

        int nonNegativeInt(Setting setting) {
            int value = integer(setting);
            if (value < 0) {
                throw invalid(setting, "must not be negative");
            }
            return value;
        }

        long positiveLong(Setting setting) {
            long value = parse(setting, Long::parseLong);
            if (value <= 0) {
                throw invalid(setting, "must be positive");
            }
            return value;
        }

        boolean bool(Setting setting) {
            String value = string(setting);
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw invalid(setting, "must be true or false");
            }
            return Boolean.parseBoolean(value);
        }

        Duration duration(Setting setting) {
            Duration value = parse(setting, Duration::parse);
            if (value.isNegative()) {
                throw invalid(setting, "must not be negative");
            }
            return value;
        }

        <T> T wrap(Setting setting, java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid " + setting.environmentVariable() + " group: " + e.getMessage());
            }
        }

        private <T> T parse(Setting setting, Function<String, T> parser) {
            String value = string(setting);
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw invalid(setting, "cannot be parsed");
            }
        }

        ConfigurationException invalid(Setting setting, String why) {
            String shown = setting.secret() ? "(hidden)" : "'" + string(setting) + "'";
            return new ConfigurationException(setting.environmentVariable() + " (" + setting.key() + ") = " + shown
                                                      + " " + why + "; default is '" + setting.defaultValue() + "'");
        }
    }
}
