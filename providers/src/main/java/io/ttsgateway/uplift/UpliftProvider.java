package io.ttsgateway.uplift;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.FixedVoices;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SessionScopedStream;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;

/**
 * Uplift AI (upliftai.org) over its plain-WebSocket multi-stream endpoint.
 *
 * <p>A {@link #openSession() session} keeps one WebSocket for all its requests, as Uplift asks
 * (one connection per conversation; its rate limit of 60 requests a minute is per connection).
 * {@link #open(SynthesisRequest)} without a session opens a connection for the one request and
 * closes it with the stream. The key travels only in the upgrade request's
 * {@code Authorization: Bearer} header.
 *
 * <p>Uplift has no models: a request's model is ignored, and no language parameter: a request's
 * language is ignored too (a voice speaks its own). Its only setting is {@code speed} (0.5 to 2.0;
 * the gateway's wider range is clamped to it). Voices are Uplift voice ids such as {@code v_meklc281}; an id Uplift does not know
 * gets neither audio nor an error from it, so such a request ends in the first-byte timeout.
 */
public final class UpliftProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = "uplift";
    /** Uplift's API, used when the settings name no base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.upliftai.org";
    /** Voice used when neither the request nor the settings name one (Urdu, female). */
    public static final String DEFAULT_VOICE = "v_meklc281";
    /**
     * The voices Uplift's documentation names (it has no voice-list API); only the first is
     * documented with a language and gender.
     */
    static final List<Voice> DOCUMENTED_VOICES = List.of(
            new Voice(DEFAULT_VOICE, "Urdu female", List.of("ur"), "female", NAME),
            new Voice("v_8eelc901", "Info/Edu", List.of(), null, NAME),
            new Voice("v_kwmp7zxt", "Gen Z", List.of(), null, NAME),
            new Voice("v_yypgzenx", "Dada Jee (storytelling)", List.of(), null, NAME),
            new Voice("v_30s70t3a", "Nostalgic News", List.of(), null, NAME));

    private final UpliftSettings settings;
    private final ProviderTimeouts timeouts;
    private final URI endpoint;
    private final String defaultVoice;
    private final ProviderCapabilities capabilities;
    private final ExecutorService executor;
    private final HttpClient client;
    /** Connections open now, so that close() can end them. */
    private final Set<UpliftConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates the provider; nothing is connected until the first request.
     *
     * @param settings key, base URL, default voice and timeouts
     * @throws IllegalArgumentException when the base URL is not an http(s) or ws(s) URL
     */
    public UpliftProvider(UpliftSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        URI base = Endpoints.base(settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl().toString());
        this.endpoint = Endpoints.webSocket(base, UpliftProtocol.PATH);
        this.defaultVoice = settings.voiceId() == null || settings.voiceId().isBlank() ? DEFAULT_VOICE
                : settings.voiceId().strip();
        Set<AudioFormat> nativeFormats = Set.of(UpliftFormat.PCM_22050_16.audioFormat(),
                                                UpliftFormat.ULAW_8000_8.audioFormat());
        // No word timings: Uplift's messages carry none. No text streaming: one text per request.
        this.capabilities = new ProviderCapabilities(nativeFormats, false, false, UpliftRequest.MAX_TEXT_LENGTH);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("uplift-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public String defaultVoice() {
        return defaultVoice;
    }

    /**
     * The documented voices, the configured default first when it is not one of them.
     *
     * @return the voices
     */
    @Override
    public List<Voice> voices() {
        return FixedVoices.withDefault(DOCUMENTED_VOICES, defaultVoice, NAME);
    }

    @Override
    public void initialize() throws ProviderException {
        requireKey();
    }

    @Override
    public boolean isReady() {
        return !closed && hasKey();
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return SessionScopedStream.open(new UpliftSession(this), request);
    }

    @Override
    public ProviderSession openSession() {
        return new UpliftSession(this);
    }

    /**
     * Ends every connection; streams still open fail {@code UNAVAILABLE}.
     */
    @Override
    public void close() {
        closed = true;
        for (UpliftConnection connection : connections) {
            connection.abort();
        }
        client.shutdownNow();
        executor.shutdownNow();
    }

    /**
     * The timeouts requests use.
     *
     * @return the timeouts
     */
    ProviderTimeouts timeouts() {
        return timeouts;
    }

    /**
     * Opens a ready connection.
     *
     * @return the connection
     * @throws ProviderException    when Uplift refused or could not be reached
     * @throws InterruptedException when interrupted while connecting
     */
    UpliftConnection connect() throws ProviderException, InterruptedException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " provider is closed");
        }
        requireKey();
        UpliftConnection connection = UpliftConnection.open(client, endpoint, settings.apiKey(), timeouts,
                                                            connections::remove);
        connections.add(connection);
        // It may have ended before it was added: then onEnd found nothing to remove.
        if (!connection.isOpen() || closed) {
            connections.remove(connection);
            connection.abort();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " connection closed at once");
        }
        return connection;
    }

    private boolean hasKey() {
        return settings.apiKey() != null && !settings.apiKey().isBlank();
    }

    private void requireKey() throws ProviderException {
        if (!hasKey()) {
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " has no API key configured");
        }
    }
}
