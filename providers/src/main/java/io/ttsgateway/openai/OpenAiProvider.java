package io.ttsgateway.openai;

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
import io.ttsgateway.provider.net.HttpAudioCall;

/**
 * OpenAI's speech API: {@code POST {baseUrl}/audio/speech} with {@code response_format: "pcm"}, raw
 * 16-bit mono samples at 24 kHz streamed as they arrive and converted to the format asked for.
 *
 * <p>One JDK {@link HttpClient} per provider, on HTTP/1.1 so connections are kept alive and reused
 * across requests and sessions. The JDK client rather than Helidon's: Helidon's logs request headers,
 * the key with them, at trace level.
 */
public final class OpenAiProvider implements TtsProvider {

    /** The provider name. */
    public static final String NAME = OpenAiSettings.NAME;
    /** What {@code response_format: "pcm"} is: 24 kHz, 16-bit, mono; the only format asked for. */
    public static final AudioFormat NATIVE_FORMAT = AudioFormat.pcm(24_000);
    /** Longest text of one request, in characters. */
    public static final int MAX_TEXT_LENGTH = OpenAiRequestBody.MAX_INPUT_CHARS;
    /** The endpoint, under a base URL that already ends with {@code /v1}. */
    static final String SPEECH_PATH = "/audio/speech";
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);
    private static final Logger LOGGER = Logger.getLogger(OpenAiProvider.class.getName());
    private static final List<Voice> BUILT_IN = OpenAiRequestBody.BUILT_IN_VOICES.stream()
            .map(voice -> Voice.of(voice, NAME)).toList();

    private final OpenAiSettings settings;
    private final URI speechUri;
    /** {@code Authorization}, or empty when the key is missing or cannot be a header value. */
    private final Map<String, String> headers;
    private final ExecutorService executor;
    private final HttpAudioCall.Vendor vendor;
    private final ProviderCapabilities capabilities;
    private final Set<HttpAudioCall> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates the provider; opens no connection.
     *
     * @throws IllegalArgumentException when the base URL is not an http(s) URL
     */
    public OpenAiProvider(OpenAiSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ProviderTimeouts timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        Objects.requireNonNull(settings.baseUrl(), "baseUrl");
        this.speechUri = Endpoints.http(Endpoints.base(settings.baseUrl().toString()), SPEECH_PATH);
        this.headers = usableKey(settings.apiKey())
                ? Map.of("Authorization", "Bearer " + settings.apiKey().strip()) : Map.of();
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("openai-http-", 0).factory());
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.vendor = new HttpAudioCall.Vendor(NAME, client, timeouts, OpenAiErrors::of);
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

    /** The built-in voices (OpenAI has no voice-list endpoint), the configured default first if not one. */
    @Override
    public List<Voice> voices() {
        return FixedVoices.withDefault(BUILT_IN, settings.voice(), NAME);
    }

    /** Checks the configuration only: a test request would cost money and count against the limits. */
    @Override
    public void initialize() throws ProviderException {
        if (headers.isEmpty()) {
            throw noKey();
        }
    }

    @Override
    public boolean isReady() {
        return !closed && !headers.isEmpty();
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        return start(request, null);
    }

    @Override
    public ProviderSession openSession() {
        return new OpenAiSession(this::start);
    }

    /** Starts one request, tracked by {@code session} when not null; the response is not awaited. */
    AudioStream start(SynthesisRequest request, OpenAiSession session) throws ProviderException {
        if (closed) {
            throw closedError();
        }
        if (headers.isEmpty()) {
            throw noKey();
        }
        if (request.format().encoding() == AudioEncoding.WAV) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        NAME + " streams PCM or G.711; WAV framing is not a provider's job");
        }
        String body = OpenAiRequestBody.of(request, settings.model(), settings.voice());
        HttpAudioCall call = new HttpAudioCall(vendor, HttpAudioCall.post(vendor, speechUri, headers, body),
                                               NATIVE_FORMAT, HttpAudioCall::rawAudio, ended -> {
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
            call.abort(closedError());
        }
        LOGGER.log(Level.FINE, "openai request {0}", request);
        return ConvertedAudioStream.of(call.start().stream(), request.format());
    }

    /** Fails the requests in flight, closes every connection and stops the client's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        calls.forEach(call -> call.abort(closedError()));
        vendor.client().shutdownNow();
        try {
            if (!vendor.client().awaitTermination(SHUTDOWN_WAIT)) {
                LOGGER.log(Level.FINE, "openai HTTP client still winding down after {0}", SHUTDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** A header value must be visible ASCII; anything else would be refused or could split headers. */
    private static boolean usableKey(String key) {
        return key != null && !key.isBlank() && key.strip().chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private static ProviderException noKey() {
        return new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " API key is missing or malformed");
    }

    private static ProviderException closedError() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " client is closed");
    }
}
