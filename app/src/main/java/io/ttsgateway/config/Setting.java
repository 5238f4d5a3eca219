package io.ttsgateway.config;

/**
 * Every configuration key, the environment variable that sets it, and its default.
 * Environment variables win over {@code application.yaml}; system properties win over both.
 */
public enum Setting {
    /** Listening port. */
    PORT("server.port", "PORT", "8002"),
    /** Listening address. */
    HOST("server.host", "HOST", "0.0.0.0"),
    /** Provider used when a request names none: {@code auto}, {@code marytts}, {@code tone}, or a cloud provider. */
    TTS_PROVIDER("tts.provider", "TTS_PROVIDER", "auto"),
    /** Sample rate of the default format {@code pcm_<rate>}. */
    TTS_SAMPLE_RATE("tts.sample-rate", "TTS_SAMPLE_RATE", "24000"),
    /** Whether synthesized audio is cached. */
    CACHE_ENABLED("cache.enabled", "CACHE_ENABLED", "true"),
    /** Cache directory. */
    CACHE_DIR("cache.dir", "CACHE_DIR", "cache"),
    /** Bound on the cache's total size in bytes. */
    CACHE_MAX_BYTES("cache.max-bytes", "CACHE_MAX_BYTES", "1073741824"),
    /** Largest single cache entry in bytes. */
    CACHE_MAX_ENTRY_BYTES("cache.max-entry-bytes", "CACHE_MAX_ENTRY_BYTES", "67108864"),
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
    /** Interval of server pings; a connection that answers none for two intervals is closed. */
    PING_INTERVAL("session.ping-interval", "SESSION_PING_INTERVAL", "PT20S"),
    /** Concurrent connections accepted before new ones get {@code server_busy}. */
    MAX_SESSIONS("session.max-sessions", "SESSION_MAX_SESSIONS", "20000"),
    /** Time in-flight requests get to finish on shutdown. */
    SHUTDOWN_GRACE_PERIOD("shutdown.grace-period", "SHUTDOWN_GRACE_PERIOD", "PT20S"),
    /** Comma-separated client API keys; empty means no client authentication. */
    API_KEYS("auth.api-keys", "GATEWAY_API_KEYS", ""),
    /** Voice of the embedded engine. */
    MARYTTS_VOICE("marytts.voice", "MARYTTS_VOICE", "cmu-slt-hsmm"),
    /** Syntheses the embedded engine runs at once; 0 means one per core. */
    MARYTTS_MAX_CONCURRENT("marytts.max-concurrent", "MARYTTS_MAX_CONCURRENT", "0"),
    /** Longest wait for a free embedded engine. */
    MARYTTS_QUEUE_TIMEOUT("marytts.queue-timeout", "MARYTTS_QUEUE_TIMEOUT", "PT30S"),
    /** Audio per chunk from the embedded engine. */
    MARYTTS_CHUNK("marytts.chunk", "MARYTTS_CHUNK", "PT0.1S"),
    /** Tone provider: delay before the first chunk. */
    TONE_FIRST_BYTE_DELAY("tone.first-byte-delay", "TONE_FIRST_BYTE_DELAY", "PT0S"),
    /** Tone provider: delay between chunks. */
    TONE_CHUNK_INTERVAL("tone.chunk-interval", "TONE_CHUNK_INTERVAL", "PT0S"),
    /** Tone provider: audio per chunk. */
    TONE_CHUNK("tone.chunk", "TONE_CHUNK", "PT0.1S"),
    /** Tone provider: audio per character of text. */
    TONE_PER_CHARACTER("tone.per-character", "TONE_PER_CHARACTER", "PT0.06S"),
    /** ElevenLabs API key. */
    ELEVENLABS_API_KEY("elevenlabs.api-key", "ELEVENLABS_API_KEY", ""),
    /** OpenAI API key. */
    OPENAI_API_KEY("openai.api-key", "OPENAI_API_KEY", ""),
    /** Deepgram API key. */
    DG_API_KEY("deepgram.api-key", "DG_API_KEY", ""),
    /** Cartesia API key. */
    CARTESIA_API_KEY("cartesia.api-key", "CARTESIA_API_KEY", ""),
    /** Uplift AI API key. */
    UPLIFT_API_KEY("uplift.api-key", "UPLIFT_API_KEY", "");

    private final String key;
    private final String environmentVariable;
    private final String defaultValue;

    Setting(String key, String environmentVariable, String defaultValue) {
        this.key = key;
        this.environmentVariable = environmentVariable;
        this.defaultValue = defaultValue;
    }

    /**
     * The configuration key, as written in {@code application.yaml}.
     *
     * @return dotted key
     */
    public String key() {
        return key;
    }

    /**
     * The environment variable that sets it.
     *
     * @return variable name
     */
    public String environmentVariable() {
        return environmentVariable;
    }

    /**
     * The value used when neither the environment nor the YAML sets it.
     *
     * @return default, possibly empty
     */
    public String defaultValue() {
        return defaultValue;
    }

    /**
     * Whether the value is a secret that must never be logged or shown.
     *
     * @return true for keys
     */
    public boolean secret() {
        return environmentVariable.endsWith("_KEY") || this == API_KEYS;
    }
}
