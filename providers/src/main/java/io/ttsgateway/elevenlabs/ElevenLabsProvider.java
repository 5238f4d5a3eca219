package io.ttsgateway.elevenlabs;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.LinkTarget;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.VoiceCache;

/**
 * ElevenLabs text to speech. Sessions stream over the multi-context WebSocket
 * {@code /v1/text-to-speech/{voice_id}/multi-stream-input} ({@link ElevenLabsSession}); requests
 * without a session and models the WebSockets do not serve use HTTP streaming,
 * {@code POST /v1/text-to-speech/{voice_id}/stream}. The key travels in the {@code xi-api-key}
 * header only, and appears in no log or exception.
 */
public final class ElevenLabsProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = ElevenLabsSettings.NAME;
    /** Header carrying the API key, on upgrades and HTTP requests alike. */
    public static final String API_KEY_HEADER = "xi-api-key";
    /** Longest wait in {@link #close()} for the HTTP client's exchanges to be aborted. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ElevenLabsSettings settings;
    private final URI base;
    private final String defaultModel;
    private final ExecutorService executor;
    private final HttpClient httpClient;
    private final ProviderCapabilities capabilities;
    private final Map<String, String> authHeaders;
    private final ElevenLabsMessages codec = new ElevenLabsMessages();
    private final LinkLimits limits;
    private final Set<ElevenLabsSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<HttpSynthesis> streams = ConcurrentHashMap.newKeySet();
    private final VoiceCache voices;
    private volatile boolean closed;

    /** Creates the provider; nothing connects before a request; malformed settings throw. */
    public ElevenLabsProvider(ElevenLabsSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL, System::nanoTime);
    }

    /** Creates the provider with a time to live of its own for the voice list, on a clock of nanoseconds. */
    public ElevenLabsProvider(ElevenLabsSettings settings, Duration voicesTtl, LongSupplier voicesClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.baseUrl(), "baseUrl");
        Objects.requireNonNull(settings.timeouts(), "timeouts");
        this.base = Endpoints.base(settings.baseUrl().toString());
        try {
            ElevenLabsModels.checkVoice(settings.voiceId());
            this.defaultModel = ElevenLabsModels.checkModel(settings.modelId());
        } catch (ProviderException e) {
            throw new IllegalArgumentException("ElevenLabs default voice or model: " + e.getMessage(), e);
        }
        VoiceSettings.checkConfigured(settings);
        this.authHeaders = Map.of(API_KEY_HEADER, settings.apiKey() == null ? "" : settings.apiKey());
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("elevenlabs-client-", 0).factory());
        // HTTP/1.1: the WebSockets need it, and the HTTP/2 upgrade dance buys nothing for one stream.
        this.httpClient = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeouts().connect()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.capabilities = new ProviderCapabilities(OutputPlan.SOCKET_FORMATS, true, true,
                                                     ElevenLabsModels.maxTextLength(defaultModel));
        this.limits = ElevenLabsMessages.limits(settings.timeouts());
        this.voices = new VoiceCache(NAME, voicesTtl,
                                     () -> ElevenLabsVoices.fetch(httpClient, base, authHeaders, settings.timeouts()),
                                     voicesClock);
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
        return settings.voiceId();
    }

    @Override
    public String defaultModel() {
        return defaultModel;
    }

    /** The account's voices, from {@code GET /v1/voices}, cached. */
    @Override
    public List<Voice> voices() throws ProviderException {
        return voices.voices();
    }

    /** Checks that a key is set: every call that could check it costs characters or a connection. */
    @Override
    public void initialize() throws ProviderException {
        if (settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " API key is not configured");
        }
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    /** Streams one request over HTTP, on a pooled connection of the provider's client. */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        ResolvedRequest resolved = resolve(request);
        HttpSynthesis synthesis = HttpSynthesis.create(this, resolved, streams::remove);
        streams.add(synthesis);
        synthesis.begin();
        if (closed) {
            synthesis.abort(closedError());
        }
        return synthesis.stream();
    }

    /** A session with its own multi-context sockets, to be closed by the caller. */
    @Override
    public ProviderSession openSession() {
        LinkPool<SocketKey> pool = new LinkPool<>(NAME, httpClient, settings.timeouts(), limits, codec,
                key -> new LinkTarget(Endpoints.webSocket(base, key.pathAndQuery()), authHeaders));
        ElevenLabsSession session = new ElevenLabsSession(settings, defaultModel, pool,
                (request, previous, onEnd) -> HttpSynthesis.create(this, request, previous, onEnd), sessions::remove);
        sessions.add(session);
        if (closed) {
            session.close();
        }
        return session;
    }

    /** Closes every session and stream, then the HTTP client. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(sessions).forEach(ElevenLabsSession::close);
        List.copyOf(streams).forEach(stream -> stream.abort(closedError()));
        httpClient.shutdownNow();
        try {
            httpClient.awaitTermination(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** Checks a request and fills in the defaults; {@code UNAVAILABLE} once closed. */
    ResolvedRequest resolve(SynthesisRequest request) throws ProviderException {
        if (closed) {
            throw closedError();
        }
        return ResolvedRequest.of(request, settings, defaultModel);
    }

    ElevenLabsSettings settings() {
        return settings;
    }

    URI base() {
        return base;
    }

    HttpClient httpClient() {
        return httpClient;
    }

    /** The headers authenticating every request: {@code xi-api-key}. */
    Map<String, String> authHeaders() {
        return authHeaders;
    }

    private static ProviderException closedError() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " provider is closed");
    }

    /** Hides the key. */
    @Override
    public String toString() {
        return "ElevenLabsProvider[" + settings + "]";
    }
}
