package io.ttsgateway.config;

import io.ttsgateway.provider.ConfigKey;

/**
 * Every configuration key of the gateway itself, the environment variable that sets it, and its
 * default; each provider declares its own ({@link io.ttsgateway.provider.ProviderFactory#settings()}).
 * Environment variables win over {@code application.yaml}; system properties win over both.
 */
public enum Setting implements ConfigKey {
    /** Listening port. */
    PORT("server.port", "PORT", "8002"),
    /** Listening address. */
    HOST("server.host", "HOST", "0.0.0.0"),
    /** Provider used when a request names none: {@code auto} or a provider's name. */
    TTS_PROVIDER("tts.provider", "TTS_PROVIDER", "auto"),
    /** Sample rate of the default format {@code pcm_<rate>}. */
    TTS_SAMPLE_RATE("tts.sample-rate", "TTS_SAMPLE_RATE", "24000"),
    /**
     * Where streaming input is cut: segment i may end once it holds the i-th number of characters
     * (the last number applies to every later segment); the first segment also at a clause end.
     */
    TTS_SEGMENT_SCHEDULE("tts.segment-schedule", "TTS_SEGMENT_SCHEDULE", "30,80,150,250"),
    /** Longest wait for the next append, flush or end of a streamed request before it fails with {@code input_timeout}. */
    TTS_STREAM_IDLE_TIMEOUT("tts.stream-idle-timeout", "TTS_STREAM_IDLE_TIMEOUT", "PT30S"),
    /** Whether synthesized audio is cached. */
    CACHE_ENABLED("cache.enabled", "CACHE_ENABLED", "true"),
    /** Cache directory. */
    CACHE_DIR("cache.dir", "CACHE_DIR", "cache"),
    /** Bound on the cache's total size in bytes. */
    CACHE_MAX_BYTES("cache.max-bytes", "CACHE_MAX_BYTES", "1073741824"),
    /** Largest single cache entry in bytes. */
    CACHE_MAX_ENTRY_BYTES("cache.max-entry-bytes", "CACHE_MAX_ENTRY_BYTES", "67108864"),
    /** Audio an in-flight synthesis keeps from its start for identical requests that join it; 0: none join. */
    CACHE_COALESCE_MAX_BYTES("cache.coalesce-max-bytes", "CACHE_COALESCE_MAX_BYTES", "1048576"),
    /** Redis behind the disk cache, shared by replicas: {@code redis[s]://[[user]:password@]host[:port][/db]}; empty: none. */
    CACHE_REDIS_URL("cache.redis.url", "CACHE_REDIS_URL", ""),
    /** How long an entry lives in Redis after it was written. */
    CACHE_REDIS_TTL("cache.redis.ttl", "CACHE_REDIS_TTL", "P7D"),
    /** Longest connect to Redis and wait for one answer; past it the request goes on without Redis. */
    CACHE_REDIS_TIMEOUT("cache.redis.timeout", "CACHE_REDIS_TIMEOUT", "PT0.2S"),
    /** Largest entry sent to Redis in bytes; larger ones stay on the local disk only. */
    CACHE_REDIS_MAX_ENTRY_BYTES("cache.redis.max-entry-bytes", "CACHE_REDIS_MAX_ENTRY_BYTES", "8388608"),
    /** Longest text of one request, in characters. */
    MAX_TEXT_LENGTH("session.max-text-length", "SESSION_MAX_TEXT_LENGTH", "10000"),
    /** Largest client text message in bytes, fragments reassembled. */
    MAX_MESSAGE_BYTES("session.max-message-bytes", "SESSION_MAX_MESSAGE_BYTES", "131072"),
    /** Synthesize messages accepted per connection per minute. */
    RATE_LIMIT_PER_MINUTE("session.rate-limit-per-minute", "SESSION_RATE_LIMIT_PER_MINUTE", "60"),
    /** Requests a connection may have queued or in flight. */
    MAX_QUEUED_REQUESTS("session.max-queued-requests", "SESSION_MAX_QUEUED_REQUESTS", "16"),
    /** Requests synthesized ahead of the one playing. */
    LOOKAHEAD("session.lookahead", "SESSION_LOOKAHEAD", "1"),
    /** Audio bytes buffered per request ahead of the socket before synthesis waits. */
    REQUEST_BUFFER_BYTES("session.request-buffer-bytes", "SESSION_REQUEST_BUFFER_BYTES", "4194304"),
    /** Longest wait for the next chunk of audio before a request fails with {@code provider_timeout}. */
    STALL_TIMEOUT("session.stall-timeout", "SESSION_STALL_TIMEOUT", "PT30S"),
    /**
     * Longest a client's socket may take nothing while messages wait for it; past it the client is
     * taken as not reading: its session ends and it is closed with 1008, its connection cut 2 s later.
     */
    WRITE_TIMEOUT("session.write-timeout", "SESSION_WRITE_TIMEOUT", "PT10S"),
    /**
     * Bytes queued for one client's socket before its audio (and synthesis) waits; control messages
     * may go 64 KiB past it, beyond which the client is taken as not reading and cut.
     */
    MAX_BUFFERED_BYTES("session.max-buffered-bytes", "SESSION_MAX_BUFFERED_BYTES", "262144"),
    /**
     * Audio a session may send beyond what its client has had time to play, counted as if it played
     * from the first byte; a cancel then wastes at most this. Zero: audio goes out as fast as it comes.
     */
    AUDIO_LEAD("session.audio-lead", "SESSION_AUDIO_LEAD", "PT1S"),
    /** Audio per WebSocket frame, cut on whole samples; zero: chunks go out as the provider made them. */
    AUDIO_FRAME("session.audio-frame", "SESSION_AUDIO_FRAME", "PT0.04S"),
    /** Interval of server pings to quiet connections; one silent for three intervals is cut. */
    PING_INTERVAL("session.ping-interval", "SESSION_PING_INTERVAL", "PT20S"),
    /** Concurrent connections accepted before new ones get {@code server_busy}. */
    MAX_SESSIONS("session.max-sessions", "SESSION_MAX_SESSIONS", "20000"),
    /** Time in-flight requests get to finish on shutdown. */
    SHUTDOWN_GRACE_PERIOD("shutdown.grace-period", "SHUTDOWN_GRACE_PERIOD", "PT20S"),
    /** Comma-separated client API keys without limits; empty (and no key file) means no client authentication. */
    API_KEYS("auth.api-keys", "GATEWAY_API_KEYS", ""),
    /**
     * Comma-separated origins ({@code https://app.example.com}) of the web pages that may open the
     * WebSocket; a browser upgrade from another origin gets 403; empty: any origin.
     */
    ALLOWED_ORIGINS("auth.allowed-origins", "ALLOWED_ORIGINS", ""),
    /** YAML or JSON file of client keys (names, SHA-256 digests, limits, rights); empty: none. */
    KEYS_FILE("auth.keys-file", "GATEWAY_KEYS_FILE", ""),
    /** How often the key file is looked at for changes. */
    KEYS_RELOAD_INTERVAL("auth.keys-reload-interval", "GATEWAY_KEYS_RELOAD_INTERVAL", "PT2S"),
    /** Key of {@code GET /api/v1/admin/usage}; empty: the endpoint does not exist. */
    ADMIN_KEY("auth.admin-key", "GATEWAY_ADMIN_KEY", ""),
    /** Longest time before a request's usage is stored (on disk, or in Redis). */
    USAGE_FLUSH_INTERVAL("usage.flush-interval", "GATEWAY_USAGE_FLUSH_INTERVAL", "PT5S"),
    /** Model names of the OpenAI-compatible API: {@code name=provider[/model][:voice]}, comma-separated. */
    SPEECH_MODEL_ALIASES("speech.model-aliases", "SPEECH_MODEL_ALIASES", ""),
    /** Providers tried, in order, when a request's provider fails before its first audio byte. */
    TTS_FALLBACK("tts.fallback", "TTS_FALLBACK", ""),
    /** Longest connect and handshake to a cloud provider. */
    PROVIDER_CONNECT_TIMEOUT("provider.connect-timeout", "PROVIDER_CONNECT_TIMEOUT", "PT5S"),
    /** Longest wait from sending a request to a cloud provider to its first audio byte. */
    PROVIDER_FIRST_BYTE_TIMEOUT("provider.first-byte-timeout", "PROVIDER_FIRST_BYTE_TIMEOUT", "PT10S"),
    /** Longest silence between two chunks of a cloud provider's audio. */
    PROVIDER_STALL_TIMEOUT("provider.stall-timeout", "PROVIDER_STALL_TIMEOUT", "PT10S"),
    /** Retryable failures or timeouts in a row that open a provider's circuit breaker; 0 turns breakers off. */
    PROVIDER_BREAKER_FAILURES("provider.breaker.failures", "PROVIDER_BREAKER_FAILURES", "3"),
    /** How long an open breaker sends a provider's requests elsewhere before one trial request goes to it. */
    PROVIDER_BREAKER_COOLDOWN("provider.breaker.cooldown", "PROVIDER_BREAKER_COOLDOWN", "PT15S"),
    /** How the log is written: {@code text} (a line per record) or {@code json} (a JSON object per line). */
    LOG_FORMAT("log.format", "LOG_FORMAT", "text"),
    /**
     * Base URL of an OTLP/HTTP collector (e.g. {@code http://collector:4318}) that request traces go
     * to; empty: no traces, and no tracing SDK runs. Other {@code OTEL_*} variables are the SDK's own.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT("otel.exporter.otlp.endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT", ""),
    /** The {@code service.name} traces are reported under. */
    OTEL_SERVICE_NAME("otel.service.name", "OTEL_SERVICE_NAME", "tts-gateway");

    private final String key;
    private final String environmentVariable;
    private final String defaultValue;

    Setting(String key, String environmentVariable, String defaultValue) {
        this.key = key;
        this.environmentVariable = environmentVariable;
        this.defaultValue = defaultValue;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String environmentVariable() {
        return environmentVariable;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public boolean secret() {
        return this == API_KEYS || this == ADMIN_KEY || this == CACHE_REDIS_URL; // the URL may hold a password
    }
}
