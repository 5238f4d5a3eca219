package io.ttsgateway.cartesia;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
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
import io.ttsgateway.provider.net.VoiceCache;

/**
 * Cartesia's streaming TTS over its WebSocket API ({@code /tts/websocket}).
 *
 * <p>Each {@link ProviderSession} holds one socket, opened on its first request and multiplexing
 * every later request on a fresh {@code context_id}. The key travels in a header, never in the URL:
 * {@code X-API-Key} for versions before {@value CartesiaSettings#FIRST_BEARER_VERSION},
 * {@code Authorization: Bearer} from then on, beside {@code Cartesia-Version}. Every gateway
 * format is produced natively, so audio is never converted.
 *
 * <p>Streaming input uses Cartesia's continuations: all segments of an utterance go to one
 * {@code context_id}, each followed by a manual flush, so prosody carries across segments while each
 * segment's audio still ends on its own (see {@link CartesiaContinuation}). The request options
 * {@code language} (checked against the version's language list) and {@code speed} (mapped onto the
 * control the model and version document, see {@link CartesiaSpeed}) are honoured.
 */
public final class CartesiaProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = "cartesia";
    /**
     * Longest text per request. Cartesia documents no transcript limit; this bounds one generation to
     * minutes of audio, far above a conversational turn.
     */
    public static final int MAX_TEXT_LENGTH = 10_000;
    /** The WebSocket endpoint under the base URL. */
    static final String SOCKET_PATH = "/tts/websocket";

    /** Longest wait for the HTTP client's own threads to stop once its exchanges were aborted. */
    private static final Duration CLIENT_SHUTDOWN = Duration.ofSeconds(1);
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<AudioFormat> NATIVE_FORMATS = Stream.concat(
            AudioFormat.PCM_RATES.stream().map(AudioFormat::pcm),
            Stream.of(AudioFormat.parse("ulaw_8000"), AudioFormat.parse("alaw_8000")))
            .collect(Collectors.toUnmodifiableSet());

    private final ProviderCapabilities capabilities = new ProviderCapabilities(NATIVE_FORMATS, true, true,
                                                                               MAX_TEXT_LENGTH);
    /** Parses and builds JSON; thread-safe. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final Set<CartesiaSession> sessions = ConcurrentHashMap.newKeySet();
    private final String voiceId;
    private final String modelId;
    private final String version;
    private final ProviderTimeouts timeouts;
    private final URI base;
    private final URI socketUri;
    private final Map<String, String> headers;
    private final ExecutorService executor;
    private final HttpClient client;
    private final VoiceCache voices;
    private volatile boolean closed;

    /**
     * Creates the provider; connects nothing until a request.
     *
     * @param settings key, base URL, defaults, version and timeouts; blank values take the defaults of
     *                 {@link CartesiaSettings}
     * @throws IllegalArgumentException when the key is missing or the base URL or version is malformed
     */
    public CartesiaProvider(CartesiaSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL, System::nanoTime);
    }

    /**
     * Creates the provider with a voice-list time to live of its own.
     *
     * @param settings    as for {@link #CartesiaProvider(CartesiaSettings)}
     * @param voicesTtl   how long a fetched voice list is served
     * @param voicesClock the time that TTL is measured on, in nanoseconds (a test's own clock in tests)
     * @throws IllegalArgumentException when the key is missing or the base URL or version is malformed
     */
    public CartesiaProvider(CartesiaSettings settings, Duration voicesTtl, LongSupplier voicesClock) {
        if (settings.apiKey() == null || settings.apiKey().isBlank() || settings.apiKey().strip().chars()
                .anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // The key itself is never part of the message.
            throw new IllegalArgumentException("cartesia API key is missing or has characters a header cannot carry");
        }
        String version = orDefault(settings.version(), CartesiaSettings.DEFAULT_VERSION);
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("cartesia version must be a date such as "
                                                       + CartesiaSettings.DEFAULT_VERSION + ": " + version);
        }
        this.voiceId = orDefault(settings.voiceId(), CartesiaSettings.DEFAULT_VOICE);
        this.modelId = orDefault(settings.modelId(), CartesiaSettings.DEFAULT_MODEL);
        this.version = version;
        this.timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        this.base = Endpoints.base(settings.baseUrl() == null ? CartesiaSettings.DEFAULT_BASE_URL
                                           : settings.baseUrl().toString());
        this.socketUri = Endpoints.webSocket(base, SOCKET_PATH);
        Map<String, String> wanted = new LinkedHashMap<>();
        String key = settings.apiKey().strip();
        if (CartesiaSettings.usesBearer(version)) {
            wanted.put("Authorization", "Bearer " + key);
        } else {
            wanted.put("X-API-Key", key);
        }
        wanted.put("Cartesia-Version", version);
        this.headers = Map.copyOf(wanted);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cartesia-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeouts.connect())
                .build();
        this.voices = new VoiceCache(NAME, voicesTtl, () -> CartesiaVoices.fetch(this), voicesClock);
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
        return voiceId;
    }

    @Override
    public String defaultModel() {
        return modelId;
    }

    /**
     * The voices of {@code GET /voices}, cached.
     *
     * @return the voices
     * @throws ProviderException when the list cannot be fetched and none is cached
     */
    @Override
    public List<Voice> voices() throws ProviderException {
        return voices.voices();
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    /**
     * Synthesizes one request on a socket of its own, closed with the stream. Sessions share a
     * socket across requests and are the usual path; this one pays a handshake per request.
     */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return SessionScopedStream.open(newSession(), request);
    }

    @Override
    public ProviderSession openSession() {
        return newSession();
    }

    /**
     * Closes every session's socket (their streams fail) and the HTTP client.
     */
    @Override
    public void close() {
        closed = true;
        for (CartesiaSession session : sessions) {
            session.close();
        }
        client.shutdownNow();
        try {
            client.awaitTermination(CLIENT_SHUTDOWN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /**
     * The timeouts requests and sockets use.
     *
     * @return the timeouts
     */
    ProviderTimeouts timeouts() {
        return timeouts;
    }

    URI base() {
        return base;
    }

    HttpClient client() {
        return client;
    }

    /**
     * The authentication and version headers of every call.
     *
     * @return the headers, the key among them
     */
    Map<String, String> headers() {
        return headers;
    }

    String version() {
        return version;
    }

    /**
     * Checks a request and turns it into Cartesia's terms, before anything is sent.
     *
     * @param request the request
     * @return the generation
     * @throws ProviderException {@code INVALID_REQUEST} for a text too long, a format Cartesia does
     *                           not stream, a language the API version does not list or a malformed
     *                           setting; {@code UNAVAILABLE} once closed
     */
    CartesiaGeneration generation(SynthesisRequest request) throws ProviderException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " provider is closed");
        }
        if (request.text().length() > MAX_TEXT_LENGTH) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " takes at most " + MAX_TEXT_LENGTH
                    + " characters per request");
        }
        CartesiaOutputFormat output = CartesiaOutputFormat.exactly(request.format())
                .orElseThrow(() -> new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME
                        + " streams raw audio only, not " + request.format()));
        return CartesiaGeneration.of(request, output, voiceId, modelId, version);
    }

    /**
     * Opens a socket.
     *
     * @return the connection
     * @throws ProviderException    when Cartesia refused or could not be reached
     * @throws InterruptedException when interrupted while connecting
     */
    CartesiaConnection connect() throws ProviderException, InterruptedException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " provider is closed");
        }
        return CartesiaConnection.open(client, JSON, socketUri, headers, timeouts);
    }

    /**
     * Forgets a closed session.
     *
     * @param session the session
     */
    void forget(CartesiaSession session) {
        sessions.remove(session);
    }

    private CartesiaSession newSession() {
        CartesiaSession session = new CartesiaSession(this);
        sessions.add(session);
        if (closed) {
            session.close();
        }
        return session;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
