package io.ttsgateway.deepgram;

import java.math.BigDecimal;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.VoiceCache;

/**
 * Deepgram Aura text to speech over its streaming WebSocket ({@code /v1/speak}).
 *
 * <p>The key goes in the {@code Authorization: Token} header of the upgrade, never in the URL. Each
 * {@link #openSession() session} pools its sockets (see {@link DeepgramSession}); {@link #open} without a
 * session uses a socket of its own, closed when the request ends. Streaming input is native: a
 * session's {@link ProviderSession#openContinuation() continuation} speaks all its segments on one
 * socket, a {@code Speak} and a {@code Flush} each (see {@link DeepgramUtterance}).
 *
 * <p>Request options: {@link SynthesisRequest#speed()} becomes the socket's {@code speed} query
 * parameter (so requests of different speeds never share a socket). {@link SynthesisRequest#language()}
 * is ignored: a Deepgram model speaks one language, named in the model itself
 * ({@code aura-2-thalia-en}, {@code aura-2-celeste-es}), so the language is chosen with the voice; a
 * language that contradicts the model is not guessed into another model.
 */
public final class DeepgramProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = "deepgram";
    /** The model (which is also the voice) Deepgram uses when none is named. */
    public static final String DEFAULT_MODEL = "aura-asteria-en";
    /**
     * Longest text of one request (or one segment of a streamed text). Deepgram takes 2000 characters
     * per {@code Speak} message (longer texts are split into several before one {@code Flush}), and
     * 2400 characters per minute per socket; a longer request could only be refused ({@code DATA-0001}).
     */
    public static final int MAX_TEXT_LENGTH = SendBudget.MAX_CHARS;
    /** Request setting for Deepgram's {@code speed} parameter, a speaking rate multiplier. */
    public static final String SPEED = SynthesisRequest.SPEED;

    private static final Logger LOGGER = Logger.getLogger(DeepgramProvider.class.getName());
    /** Longest wait for background work (closing sockets) when the provider closes. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
    private static final String AUTHORIZATION = "Authorization";
    /** Output of the start-up probe socket: Deepgram's default. */
    private static final AudioFormat PROBE_FORMAT = AudioFormat.pcm(24000);
    private static final DeepgramConnection.Listener PROBE_LISTENER = new DeepgramConnection.Listener() {
        @Override
        public void idle(DeepgramConnection connection) {
            connection.closeGracefully();
        }

        @Override
        public void clearing(DeepgramConnection connection) {
        }

        @Override
        public void closed(DeepgramConnection connection) {
        }
    };

    private final DeepgramSettings settings;
    private final URI base;
    private final String model;
    private final ProviderCapabilities capabilities;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final HttpClient http;
    private final DeepgramMessages messages = new DeepgramMessages(new ObjectMapper());
    private final Set<DeepgramSession> sessions = ConcurrentHashMap.newKeySet();
    private final VoiceCache voices;
    private volatile boolean ready;
    private volatile boolean closed;

    /**
     * Creates the provider. Nothing is connected before the first request (or {@link #initialize()}).
     *
     * @param settings key, base URL, default model and timeouts
     * @throws IllegalArgumentException when the base URL is not an http(s) or ws(s) URL
     */
    public DeepgramProvider(DeepgramSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL, System::nanoTime);
    }

    /**
     * Creates the provider with a voice-list time to live of its own.
     *
     * @param settings    key, base URL, default model and timeouts
     * @param voicesTtl   how long a fetched voice list is served
     * @param voicesClock the time that TTL is measured on, in nanoseconds (a test's own clock in tests)
     * @throws IllegalArgumentException when the base URL is not an http(s) or ws(s) URL
     */
    public DeepgramProvider(DeepgramSettings settings, Duration voicesTtl, LongSupplier voicesClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(settings.timeouts(), "timeouts");
        this.base = Endpoints.base(Objects.requireNonNull(settings.baseUrl(), "baseUrl").toString());
        this.model = settings.model() == null || settings.model().isBlank() ? DEFAULT_MODEL : settings.model().strip();
        this.capabilities = new ProviderCapabilities(DeepgramOutput.NATIVE_FORMATS, false, true, MAX_TEXT_LENGTH);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("deepgram-", 0).factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("deepgram-timer").factory());
        this.http = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(settings.timeouts().connect())
                .build();
        this.voices = new VoiceCache(NAME, voicesTtl, () -> DeepgramVoices.fetch(this, authorization()), voicesClock);
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
     * @return {@code null}
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
     * Checks the key with one handshake, so that a wrong key fails at start-up rather than on the first
     * client's request. A Deepgram that cannot be reached now does not stop the gateway: it is
     * logged, and requests fail over until it is back.
     *
     * @throws ProviderException {@link ProviderErrorKind#AUTH_FAILED} when the key is missing or refused
     */
    @Override
    public void initialize() throws ProviderException {
        checkKey();
        SocketSettings probe = new SocketSettings(model, DeepgramOutput.of(PROBE_FORMAT), null);
        try {
            // The probe carries no request, so its listener has nothing to do.
            connect(probe, PROBE_LISTENER).closeGracefully();
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

    /**
     * Synthesizes one request on a socket of its own, closed when the request ends. Sessions
     * ({@link #openSession()}) reuse sockets instead.
     */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        DeepgramSession session = register(new DeepgramSession(this, true));
        try {
            return session.open(request);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public ProviderSession openSession() {
        return register(new DeepgramSession(this, false));
    }

    /**
     * Closes every session's sockets, then the HTTP client and the background threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DeepgramSession session : List.copyOf(sessions)) {
            session.close();
        }
        timer.shutdownNow();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
    }

    /**
     * Turns a gateway request (or one segment of an utterance) into a Deepgram request: the socket
     * settings it needs and its messages. The request's language is not used (see the class
     * description); one that contradicts the model is only noted in the debug log.
     *
     * @param request   the gateway request
     * @param utterance the utterance it is sent in
     * @param order     its place in the utterance
     * @return the Deepgram request, its first-byte clock started
     * @throws ProviderException {@link ProviderErrorKind#INVALID_REQUEST} for a text too long, a WAV
     *                           format or a speed that is not a number; {@code AUTH_FAILED} without key
     */
    DeepgramRequest prepare(SynthesisRequest request, DeepgramUtterance utterance, int order)
            throws ProviderException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " provider closed");
        }
        checkKey();
        if (request.text().length() > MAX_TEXT_LENGTH) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " takes at most " + MAX_TEXT_LENGTH
                    + " characters per request, got " + request.text().length());
        }
        String voice = firstNonBlank(request.voice(), request.model(), model);
        SocketSettings socket = new SocketSettings(voice, DeepgramOutput.of(request.format()),
                                                   speed(request.settings()));
        if (request.language() != null && !speaks(voice, request.language())) {
            LOGGER.fine(() -> "Deepgram model " + voice + " chosen over the requested language "
                    + ProviderErrors.safeCode(request.language()));
        }
        List<String> speak = SpeakSplitter.split(request.text(), SpeakSplitter.MAX_SPEAK_CHARS).stream()
                .map(messages::speak).toList();
        return DeepgramRequest.create(socket, speak, request.text().length(), settings.timeouts(), utterance, order);
    }

    /**
     * Opens a socket.
     *
     * @param socket   the settings it is opened with
     * @param listener its session
     * @return the idle socket
     * @throws ProviderException    when Deepgram refused or could not be reached
     * @throws InterruptedException when interrupted while connecting
     */
    DeepgramConnection connect(SocketSettings socket, DeepgramConnection.Listener listener)
            throws ProviderException, InterruptedException {
        return DeepgramConnection.open(http, Endpoints.webSocket(base, socket.pathAndQuery()),
                                       authorization(),
                                       settings.timeouts().connect(), socket, listener, messages, executor, timer);
    }

    URI base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    ProviderTimeouts timeouts() {
        return settings.timeouts();
    }

    /**
     * Runs background work: sends that must not block their caller, retries, socket closes.
     *
     * @return the provider's virtual-thread executor
     */
    ExecutorService executor() {
        return executor;
    }

    /**
     * Runs deadlines and keep-alive ticks.
     *
     * @return the provider's timer
     */
    ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Forgets a closed session, or a request's own session whose socket closed.
     *
     * @param session the session
     */
    void forget(DeepgramSession session) {
        sessions.remove(session);
    }

    private DeepgramSession register(DeepgramSession session) {
        sessions.add(session);
        if (closed) {
            session.close();
        }
        return session;
    }

    private Map<String, String> authorization() {
        return Map.of(AUTHORIZATION, "Token " + settings.apiKey());
    }

    private void checkKey() throws ProviderException {
        if (settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " has no API key configured");
        }
    }

    private static String speed(Map<String, String> requestSettings) throws ProviderException {
        String value = requestSettings.get(SPEED);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal speed = new BigDecimal(value.strip());
            if (speed.signum() <= 0) {
                throw new NumberFormatException("not positive");
            }
            // Normalized, so that 1.0 and 1.00 share a socket.
            return speed.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " speed must be a positive number");
        }
    }

    /**
     * Whether a model's language (its name's last part, {@code en} in {@code aura-2-thalia-en}) is the
     * language asked for, region aside.
     */
    private static boolean speaks(String model, String language) {
        int dash = model.lastIndexOf('-');
        String spoken = dash < 0 ? "" : model.substring(dash + 1);
        String primary = language.strip().split("[-_]", 2)[0];
        return spoken.equalsIgnoreCase(primary);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return DEFAULT_MODEL;
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
}
