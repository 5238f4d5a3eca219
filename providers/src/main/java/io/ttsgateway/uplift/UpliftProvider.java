package io.ttsgateway.uplift;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.DescribedProvider;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.FixedVoices;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SessionScopedStream;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.LinkTarget;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderHttp;

/**
 * Uplift AI over its multi-stream WebSocket, one per {@link #openSession() session} as Uplift asks (its
 * limit of 60 requests a minute is per connection); the key only in the upgrade's bearer header. No
 * models, no language parameter, only {@code speed}. An unknown voice gets neither audio nor an error:
 * such a request ends in the first-byte timeout.
 */
public final class UpliftProvider extends DescribedProvider {

    /** The provider name. */
    public static final String NAME = UpliftSettings.NAME;
    /** Uplift's API, used when the settings name no base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.upliftai.org";
    /** Voice used when neither the request nor the settings name one (Urdu, female). */
    public static final String DEFAULT_VOICE = "v_meklc281";
    /** The voices Uplift documents (it has no voice-list API); only the first with language and gender. */
    static final List<Voice> DOCUMENTED_VOICES = List.of(
            new Voice(DEFAULT_VOICE, "Urdu female", List.of("ur"), "female", NAME),
            new Voice("v_8eelc901", "Info/Edu", List.of(), null, NAME),
            new Voice("v_kwmp7zxt", "Gen Z", List.of(), null, NAME),
            new Voice("v_yypgzenx", "Dada Jee (storytelling)", List.of(), null, NAME),
            new Voice("v_30s70t3a", "Nostalgic News", List.of(), null, NAME));

    private static final UpliftCodec CODEC = new UpliftCodec();
    /** No word timings: Uplift's messages carry none. No text streaming: one text per request. */
    private static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(
            Set.of(UpliftRequest.Format.PCM_22050_16.audioFormat(), UpliftRequest.Format.ULAW_8000_8.audioFormat()),
            false, false, UpliftRequest.MAX_TEXT_LENGTH);

    private final UpliftSettings settings;
    private final ProviderTimeouts timeouts;
    private final ProviderHttp http;
    private final Supplier<LinkPool<String>> newPool;
    private final OpenResources<LinkPool<String>> pools = new OpenResources<>(LinkPool::close);

    /** Creates the provider; nothing connects until the first request. Throws on a base URL not http(s)/ws(s). */
    public UpliftProvider(UpliftSettings settings) {
        super(NAME, CAPABILITIES, orDefault(settings.voiceId(), DEFAULT_VOICE), null);
        this.settings = settings;
        this.timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        this.http = new ProviderHttp(NAME, timeouts.connect());
        // Any number of requests a link; pinged after 20 s of quiet (proxies cut at 60); probed 2 s at most.
        LinkLimits limits = new LinkLimits(Integer.MAX_VALUE, false, 0, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(20), Duration.ofMillis(Math.min(2000, timeouts.firstByte().toMillis() / 2)),
                Duration.ZERO);
        URI base = Endpoints.base(settings.baseUrl() == null ? DEFAULT_BASE_URL : settings.baseUrl().toString());
        LinkTarget target = new LinkTarget(Endpoints.webSocket(base, UpliftCodec.PATH),
                                           Map.of("Authorization", "Bearer " + settings.apiKey()));
        this.newPool = () -> new LinkPool<>(NAME, http.client(), timeouts, limits, CODEC, key -> target);
    }

    /** The documented voices, the configured default first when it is not one of them. */
    @Override
    public List<Voice> voices() {
        return FixedVoices.withDefault(DOCUMENTED_VOICES, defaultVoice(), NAME);
    }

    @Override
    public void initialize() throws ProviderException {
        requireKey();
    }

    @Override
    public boolean isReady() {
        return !pools.isClosed() && settings.apiKey() != null && !settings.apiKey().isBlank();
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return SessionScopedStream.open(openSession(), request);
    }

    /** A session: one WebSocket, opened on its first request, reused by the next, reopened when lost. */
    @Override
    public ProviderSession openSession() {
        LinkPool<String> pool = pools.add(newPool.get());
        return new ProviderSession() {
            @Override
            public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
                UpliftRequest upliftRequest = UpliftRequest.of(request, defaultVoice());
                requireKey();
                return ConvertedAudioStream.of(UpliftRoute.start(pool, upliftRequest, timeouts), request.format());
            }

            @Override
            public void close() {
                pools.remove(pool);
                pool.close();
            }
        };
    }

    /** Ends every session's connection; streams still open fail {@code UNAVAILABLE}. */
    @Override
    public void close() {
        pools.close();
        http.close();
    }

    private void requireKey() throws ProviderException {
        if (!isReady()) {
            throw pools.isClosed() ? ProviderErrors.closed(NAME, "provider")
                    : new ProviderException(ProviderErrorKind.AUTH_FAILED, NAME + " has no API key configured");
        }
    }
}
