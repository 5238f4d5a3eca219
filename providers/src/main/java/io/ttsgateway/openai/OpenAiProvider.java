package io.ttsgateway.openai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.FixedVoices;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;

/**
 * OpenAI's speech API: {@code POST {baseUrl}/audio/speech} with {@code response_format: "pcm"},
 * whose chunked response body is raw 16-bit little-endian mono samples at 24 kHz, streamed to the
 * reader as it arrives and converted to the rate or encoding asked for.
 *
 * <p>A request's {@link SynthesisRequest#speed() speed} is sent as OpenAI's {@code speed} (0.25 to
 * 4.0, clamped); its {@link SynthesisRequest#language() language} is ignored, OpenAI has no language
 * parameter and speaks the language of the text.
 *
 * <p>One JDK {@link HttpClient} per provider, on HTTP/1.1 so connections are kept alive and reused
 * across requests (also across sessions: a connection holds nothing of a session). The JDK client
 * rather than Helidon's: Helidon's client logs request headers at trace level, the key with them,
 * while the JDK's logs nothing unless a system property asks it to.
 */
public final class OpenAiProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = "openai";
    /** What {@code response_format: "pcm"} is: 24 kHz, 16-bit, mono; the only format asked for. */
    public static final AudioFormat NATIVE_FORMAT = AudioFormat.pcm(24_000);
    /** Longest text of one request, in characters ({@code input} has {@code maxLength: 4096}). */
    public static final int MAX_TEXT_LENGTH = OpenAiRequestBody.MAX_INPUT_CHARS;
    /** The endpoint, under a base URL that already ends with {@code /v1}. */
    static final String SPEECH_PATH = "/audio/speech";
    /** Longest wait in {@link #close()} for the HTTP client's exchanges to wind down. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);
    private static final Logger LOGGER = Logger.getLogger(OpenAiProvider.class.getName());
    private static final List<Voice> BUILT_IN = OpenAiRequestBody.BUILT_IN_VOICES.stream()
            .map(voice -> Voice.of(voice, NAME)).toList();

    private final OpenAiSettings settings;
    private final ProviderTimeouts timeouts;
    private final URI speechUri;
    /** {@code Bearer <key>}, or {@code null} when the key is missing or cannot be a header value. */
    private final String authorization;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ProviderCapabilities capabilities;
    private final Set<OpenAiCall> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates the provider; opens no connection.
     *
     * @param settings key, base URL, default model and voice, timeouts
     * @throws IllegalArgumentException when the base URL is not an http(s) URL
     */
    public OpenAiProvider(OpenAiSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        Objects.requireNonNull(settings.baseUrl(), "baseUrl");
        this.speechUri = Endpoints.http(Endpoints.base(settings.baseUrl().toString()), SPEECH_PATH);
        this.authorization = usableKey(settings.apiKey()) ? "Bearer " + settings.apiKey().strip() : null;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("openai-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.capabilities = new ProviderCapabilities(Set.of(NATIVE_FORMAT), false, false, MAX_TEXT_LENGTH);
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
        return settings.voice();
    }

    @Override
    public String defaultModel() {
        return settings.model();
    }

    /**
     * The built-in voices of the spec's {@code VoiceIdsShared} (OpenAI has no voice-list endpoint),
     * the configured default first when it is not one of them. Each speaks any language.
     *
     * @return the voices
     */
    @Override
    public List<Voice> voices() {
        return FixedVoices.withDefault(BUILT_IN, settings.voice(), NAME);
    }

    /**
     * Checks the configuration only: a test request would cost money and count against the limits.
     *
     * @throws ProviderException {@link ProviderErrorKind#AUTH_FAILED} when there is no usable key
     */
    @Override
    public void initialize() throws ProviderException {
        if (authorization == null) {
            throw noKey();
        }
    }

    @Override
    public boolean isReady() {
        return !closed && authorization != null;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        return start(request, null);
    }

    @Override
    public ProviderSession openSession() {
        return new OpenAiSession(this);
    }

    /**
     * Starts one request and returns its stream at once; the response is not awaited.
     *
     * @param request what to say
     * @param session the session it belongs to, or {@code null}
     * @return the audio in {@code request.format()}
     * @throws ProviderException when the request cannot be sent: closed provider, no key, or a request
     *                           OpenAI would refuse
     */
    AudioStream start(SynthesisRequest request, OpenAiSession session) throws ProviderException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " client is closed");
        }
        if (authorization == null) {
            throw noKey();
        }
        if (request.format().encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " streams PCM or G.711; WAV framing is not a provider's job");
        }
        byte[] body = OpenAiRequestBody.of(request, settings.model(), settings.voice());
        HttpRequest http;
        try {
            http = HttpRequest.newBuilder(speechUri)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            // Without the cause: its message could quote the header value, the key.
            throw noKey();
        }
        OpenAiCall call = new OpenAiCall(client, http, timeouts, ended -> {
            calls.remove(ended);
            if (session != null) {
                session.forget(ended);
            }
        });
        calls.add(call);
        if (session != null) {
            session.track(call);
        }
        if (closed) {
            call.abort(new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " client is closed"));
        }
        LOGGER.log(Level.FINE, "openai request {0}", request);
        call.start();
        return ConvertedAudioStream.of(call.stream(), request.format());
    }

    /**
     * Fails the requests in flight, closes every connection and stops the client's threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (OpenAiCall call : calls) {
            call.abort(new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " client was closed"));
        }
        client.shutdownNow();
        try {
            if (!client.awaitTermination(SHUTDOWN_WAIT)) {
                LOGGER.log(Level.FINE, "openai HTTP client still winding down after {0}", SHUTDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** A header value must be visible ASCII; anything else would be refused or could split headers. */
    private static boolean usableKey(String key) {
        if (key == null || key.isBlank()) {
            return false;
        }
        return key.strip().chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private static ProviderException noKey() {
        return new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " API key is missing or malformed");
    }
}
