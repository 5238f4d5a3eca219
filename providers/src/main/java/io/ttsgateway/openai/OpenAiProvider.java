package io.ttsgateway.openai;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.DescribedProvider;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.FixedVoices;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.HttpAudioCall;
import io.ttsgateway.provider.net.RawAudio;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderHttp;

/**
 * OpenAI's speech API: {@code POST {baseUrl}/audio/speech} with {@code response_format: "pcm"}, raw
 * 16-bit mono samples at 24 kHz streamed as they arrive and converted to the format asked for.
 *
 * <p>One blocking HTTP/1.1 client ({@link ProviderHttp#audio()}) per provider, its connections kept alive and
 * reused across requests and sessions; each request is written and its audio read on the thread that reads
 * the stream. It logs nothing of a request, so the key cannot reach a log.
 */
public final class OpenAiProvider extends DescribedProvider {

    /** The provider name. */
    public static final String NAME = OpenAiSettings.NAME;
    /** What {@code response_format: "pcm"} is: 24 kHz, 16-bit, mono; the only format asked for. */
    public static final AudioFormat NATIVE_FORMAT = AudioFormat.pcm(24_000);
    /** Longest text of one request, in characters. */
    public static final int MAX_TEXT_LENGTH = OpenAiRequestBody.MAX_INPUT_CHARS;
    /** The endpoint, under a base URL that already ends with {@code /v1}. */
    static final String SPEECH_PATH = "/audio/speech";
    private static final Logger LOGGER = Logger.getLogger(OpenAiProvider.class.getName());
    private static final List<Voice> BUILT_IN = OpenAiRequestBody.BUILT_IN_VOICES.stream()
            .map(voice -> Voice.of(voice, NAME)).toList();

    private final OpenAiSettings settings;
    private final URI speechUri;
    /** {@code Authorization}, or empty when the key is missing or cannot be a header value. */
    private final Map<String, String> headers;
    private final ProviderHttp http;
    private final HttpAudioCall.Vendor vendor;
    private final OpenResources<HttpAudioCall> calls = new OpenResources<>(call -> call.abort(ProviderErrors.closed(NAME, "client")));

    /**
     * Creates the provider; opens no connection.
     *
     * @throws IllegalArgumentException when the base URL is not an http(s) URL
     */
    public OpenAiProvider(OpenAiSettings settings) {
        super(NAME, new ProviderCapabilities(Set.of(NATIVE_FORMAT), false, false, MAX_TEXT_LENGTH),
              Objects.requireNonNull(settings, "settings").voice(), settings.model());
        this.settings = settings;
        ProviderTimeouts timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        Objects.requireNonNull(settings.baseUrl(), "baseUrl");
        this.speechUri = Endpoints.http(Endpoints.base(settings.baseUrl().toString()), SPEECH_PATH);
        this.headers = usableKey(settings.apiKey())
                ? Map.of("Authorization", "Bearer " + settings.apiKey().strip()) : Map.of();
        this.http = new ProviderHttp(NAME, timeouts.connect());
        this.vendor = new HttpAudioCall.Vendor(NAME, http.audio(), timeouts, OpenAiErrors::of);
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
        return !calls.isClosed() && !headers.isEmpty();
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
        if (calls.isClosed()) {
            throw ProviderErrors.closed(NAME, "client");
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
                                               NATIVE_FORMAT, new RawAudio(), ended -> {
            calls.remove(ended);
            if (session != null) {
                session.forget(ended);
            }
        });
        if (session != null) {
            session.track(call);
        }
        calls.add(call); // aborted at once when the provider closed meanwhile
        LOGGER.log(Level.FINE, "openai request {0}", request);
        return ConvertedAudioStream.of(call.start().stream(), request.format());
    }

    /** Fails the requests in flight, closes every connection and stops the client's threads. */
    @Override
    public void close() {
        calls.close();
        http.close();
    }

    /** A header value must be visible ASCII; anything else would be refused or could split headers. */
    private static boolean usableKey(String key) {
        return key != null && !key.isBlank() && key.strip().chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    private static ProviderException noKey() {
        return new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " API key is missing or malformed");
    }
}
