package io.ttsgateway.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SessionScopedStream;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.LinkTarget;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.VoiceCache;

/**
 * Deepgram Aura over its streaming WebSocket ({@code /v1/speak}). The key goes in the
 * {@code Authorization: Token} header of the upgrade, never in the URL. Each session pools its own
 * sockets ({@link DeepgramSession}); {@link #open} without a session uses a socket of its own. A
 * session's continuation speaks all its segments on one socket ({@link DeepgramUtterance}).
 *
 * <p>{@link SynthesisRequest#speed()} becomes the socket's {@code speed} parameter;
 * {@link SynthesisRequest#language()} is left to the model, which speaks one language.
 */
public final class DeepgramProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = DeepgramErrors.NAME;
    /** The model (which is also the voice) Deepgram uses when none is named. */
    public static final String DEFAULT_MODEL = "aura-asteria-en";
    /** Longest text of one request or segment: Deepgram's characters per minute on one socket. */
    public static final int MAX_TEXT_LENGTH = DeepgramCodec.MAX_CHARS;
    /** Request setting for Deepgram's {@code speed} parameter, a speaking rate multiplier. */
    public static final String SPEED = SynthesisRequest.SPEED;

    private static final Logger LOGGER = Logger.getLogger(DeepgramProvider.class.getName());
    private static final DeepgramCodec CODEC = new DeepgramCodec();

    private final DeepgramSettings settings;
    private final URI base;
    private final String model;
    private final ProviderCapabilities capabilities;
    private final HttpClient http;
    private final Set<DeepgramSession> sessions = ConcurrentHashMap.newKeySet();
    private final VoiceCache voices;
    private volatile boolean ready;
    private volatile boolean closed;

    /**
     * Creates the provider; nothing is connected before the first request or {@link #initialize()}.
     *
     * @param settings key, base URL, default model and timeouts
     * @throws IllegalArgumentException when the base URL is not an http(s) or ws(s) URL
     */
    public DeepgramProvider(DeepgramSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL);
    }

    /**
     * Creates the provider with a voice-list time to live of its own.
     *
     * @param settings  key, base URL, default model and timeouts
     * @param voicesTtl how long a fetched voice list is served
     * @throws IllegalArgumentException when the base URL is not an http(s) or ws(s) URL
     */
    public DeepgramProvider(DeepgramSettings settings, Duration voicesTtl) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.timeouts(), "timeouts");
        this.base = Endpoints.base(Objects.requireNonNull(settings.baseUrl(), "baseUrl").toString());
        this.model = settings.model() == null || settings.model().isBlank() ? DEFAULT_MODEL : settings.model().strip();
        this.capabilities = new ProviderCapabilities(DeepgramOutput.NATIVE_FORMATS, false, true, MAX_TEXT_LENGTH);
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeouts().connect()).build();
        this.voices = new VoiceCache(NAME, voicesTtl,
                                     () -> DeepgramVoices.fetch(http, base, authorization(), settings.timeouts()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /**
     * Deepgram's model names the voice, so the configured model is the default voice.
     *
     * @return the configured model, or {@link #DEFAULT_MODEL}
     */
    @Override
    public String defaultVoice() {
        return model;
    }

    /**
     * None: a Deepgram model is a voice, reported by {@link #defaultVoice()}.
     *
     * @return null
     */
    @Override
    public String defaultModel() {
        return null;
    }

    /**
     * The text-to-speech models of {@code GET /v1/models}, cached: a Deepgram model is a voice.
     *
     * @return the voices
     * @throws ProviderException when the list cannot be fetched and none is cached
     */
    @Override
    public List<Voice> voices() throws ProviderException {
        checkKey();
        return voices.voices();
    }

    /**
     * Checks the key with one handshake; a Deepgram that cannot be reached now is only logged.
     *
     * @throws ProviderException {@link ProviderErrorKind#AUTH_FAILED} when the key is missing or refused
     */
    @Override
    public void initialize() throws ProviderException {
        checkKey();
        try (LinkPool<SocketSettings> probe = pool()) {
            probe.warm(new SocketSettings(model, DeepgramOutput.of(AudioFormat.pcm(24000)), null));
        } catch (ProviderException e) {
            if (e.kind() == ProviderErrorKind.AUTH_FAILED) {
                throw e;
            }
            LOGGER.log(Level.WARNING, "Deepgram not reachable at start-up: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " start-up interrupted");
        }
        ready = true;
    }

    @Override
    public boolean isReady() {
        return ready && !closed;
    }

    /** Synthesizes one request on a socket of its own, closed with its stream. */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return SessionScopedStream.open(openSession(), request);
    }

    @Override
    public ProviderSession openSession() {
        DeepgramSession session = new DeepgramSession(pool(), this::prepare, settings.timeouts(), sessions::remove);
        sessions.add(session);
        if (closed) {
            session.close();
        }
        return session;
    }

    /** Closes every session's sockets, then the HTTP client. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(sessions).forEach(DeepgramSession::close);
        http.shutdownNow();
    }

    /**
     * Hides the key.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "DeepgramProvider[" + settings + "]";
    }

    private SpeakRequest prepare(SynthesisRequest request) throws ProviderException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " provider closed");
        }
        checkKey();
        return SpeakRequest.of(request, model);
    }

    private LinkPool<SocketSettings> pool() {
        return new LinkPool<>(NAME, http, settings.timeouts(), DeepgramCodec.LIMITS, CODEC,
                              key -> new LinkTarget(Endpoints.webSocket(base, key.pathAndQuery()), authorization()));
    }

    private Map<String, String> authorization() {
        return Map.of("Authorization", "Token " + settings.apiKey());
    }

    private void checkKey() throws ProviderException {
        if (settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " has no API key configured");
        }
    }
}
