package io.ttsgateway.cartesia;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.DescribedProvider;
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
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderHttp;
import io.ttsgateway.provider.net.VoiceCache;

/**
 * Cartesia's streaming TTS over {@code /tts/websocket}: each {@link ProviderSession} has sockets of its
 * own, multiplexing its requests by {@code context_id}. The key travels in a header, never in the URL:
 * {@code X-API-Key} before {@value CartesiaSettings#FIRST_BEARER_VERSION}, then
 * {@code Authorization: Bearer}, beside {@code Cartesia-Version}. Every gateway format is native.
 * {@code GET /voices} is a bare array before {@value #FIRST_PAGED_VERSION}, then pages walked with
 * {@code starting_after}; a voice has an id, a name and one language.
 */
public final class CartesiaProvider extends DescribedProvider {

    /** The provider name. */
    public static final String NAME = CartesiaCodec.NAME;
    /** Longest text per request: Cartesia documents none; this bounds a generation to minutes of audio. */
    public static final int MAX_TEXT_LENGTH = 10_000;
    /** Cartesia closes sockets idle for 5 minutes: one quiet for 4 is replaced, lest a request cross that close. */
    static final Duration IDLE_REPLACE = Duration.ofMinutes(4);
    /** The first version whose voice list is paged, voices per page (the most allowed) and pages read at most. */
    static final String FIRST_PAGED_VERSION = "2025-04-16";
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 50;
    private static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(Stream.concat(
            AudioFormat.PCM_RATES.stream().map(AudioFormat::pcm),
            Stream.of(AudioFormat.parse("ulaw_8000"), AudioFormat.parse("alaw_8000")))
            .collect(Collectors.toUnmodifiableSet()), true, true, MAX_TEXT_LENGTH);

    private final String version;
    private final ProviderTimeouts timeouts;
    private final URI base;
    private final LinkTarget target;
    private final ProviderHttp http;
    private final OpenResources<LinkPool<String>> pools = new OpenResources<>(LinkPool::close);
    private final LinkLimits limits;
    private final VoiceCache voices;

    /** A provider connecting nothing until a request; blank settings take {@link CartesiaSettings}' defaults. */
    public CartesiaProvider(CartesiaSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL, System::nanoTime);
    }

    /**
     * As above, serving a voice list for {@code voicesTtl} on a clock of nanoseconds; IllegalArgumentException
     * for a bad key, URL or version.
     */
    public CartesiaProvider(CartesiaSettings settings, Duration voicesTtl, LongSupplier voicesClock) {
        super(NAME, CAPABILITIES, orDefault(settings.voiceId(), CartesiaSettings.DEFAULT_VOICE),
              orDefault(settings.modelId(), CartesiaSettings.DEFAULT_MODEL));
        String key = settings.apiKey() == null ? "" : settings.apiKey().strip();
        if (key.isEmpty() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) { // the key is never in the message
            throw new IllegalArgumentException("cartesia API key is missing or has characters a header cannot carry");
        }
        this.version = orDefault(settings.version(), CartesiaSettings.DEFAULT_VERSION);
        if (!version.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new IllegalArgumentException("cartesia version must be a date such as "
                                                       + CartesiaSettings.DEFAULT_VERSION + ": " + version);
        }
        this.timeouts = settings.timeouts() == null ? ProviderTimeouts.DEFAULT : settings.timeouts();
        this.base = Endpoints.base(settings.baseUrl() == null ? CartesiaSettings.DEFAULT_BASE_URL
                                           : settings.baseUrl().toString());
        boolean bearer = version.compareTo(CartesiaSettings.FIRST_BEARER_VERSION) >= 0; // versions are ISO dates
        this.target = new LinkTarget(Endpoints.webSocket(base, "/tts/websocket"), bearer
                ? Map.of("Authorization", "Bearer " + key, "Cartesia-Version", version)
                : Map.of("X-API-Key", key, "Cartesia-Version", version));
        // Contexts are limited per account (429), not per socket; cancels are not confirmed. A reused socket
        // must show life within half the first-byte timeout, at most 2 s, or its request goes elsewhere.
        this.limits = new LinkLimits(Integer.MAX_VALUE, false, 0, Duration.ZERO, IDLE_REPLACE, Duration.ZERO,
                                     Collections.min(List.of(timeouts.firstByte().dividedBy(2), Duration.ofSeconds(2))),
                                     Duration.ZERO);
        this.http = new ProviderHttp(NAME, timeouts.connect());
        this.voices = new VoiceCache(NAME, voicesTtl, this::fetchVoices, voicesClock);
    }

    @Override
    public List<Voice> voices() throws ProviderException {
        return voices.voices();
    }

    @Override
    public boolean isReady() {
        return !pools.isClosed();
    }

    /** One request on a socket of its own, closed with the stream; sessions are the usual path. */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return SessionScopedStream.open(openSession(), request);
    }

    /** A session's own sockets (one, but while one is replaced): a context per request, one per utterance. */
    @Override
    public ProviderSession openSession() {
        LinkPool<String> pool = pools.add(new LinkPool<>(NAME, http.client(), timeouts, limits, new CartesiaCodec(),
                                                         key -> target));
        return new ProviderSession() {
            @Override
            public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
                return CartesiaContinuation.whole(pool, generation(request), timeouts);
            }

            @Override
            public Continuation openContinuation() {
                return new CartesiaContinuation(pool, CartesiaProvider.this::generation, timeouts);
            }

            @Override
            public void close() {
                pools.remove(pool);
                pool.close(); // requests in flight fail UNAVAILABLE
            }
        };
    }

    @Override
    public void close() {
        pools.close();
        http.close();
    }

    /** Checks a request before anything is sent: {@code INVALID_REQUEST} for what Cartesia cannot take. */
    private CartesiaGeneration generation(SynthesisRequest request) throws ProviderException {
        if (pools.isClosed()) {
            throw ProviderErrors.closed(NAME, "provider");
        }
        if (request.text().length() > MAX_TEXT_LENGTH) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " takes at most " + MAX_TEXT_LENGTH
                    + " characters per request");
        }
        if (CartesiaGeneration.encoding(request.format()) == null) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " streams raw audio only, not "
                    + request.format());
        }
        return CartesiaGeneration.of(request, defaultVoice(), defaultModel(), version);
    }

    private List<Voice> fetchVoices() throws ProviderException {
        List<Voice> list = new ArrayList<>();
        String query = version.compareTo(FIRST_PAGED_VERSION) >= 0 ? "?limit=" + PAGE_SIZE : "";
        for (int page = 0; page < MAX_PAGES && query != null; page++) {
            JsonNode body = JsonGet.get(http.client(), NAME, Endpoints.http(base, "/voices" + query), target.headers(),
                                        timeouts, CartesiaCodec::refused);
            JsonNode items = JsonGet.items(body, body.isArray() ? null : "data", NAME);
            for (JsonNode item : items) {
                String id = item.path("id").asText("");
                String language = item.path("language").asText("");
                if (!id.isBlank()) {
                    list.add(new Voice(id, item.path("name").asText(id), language.isBlank() ? List.of()
                            : List.of(language), null, NAME));
                }
            }
            query = body.isArray() || !body.path("has_more").asBoolean(false) || items.isEmpty() || list.isEmpty()
                    ? null : "?limit="
                    + PAGE_SIZE + "&starting_after=" + URLEncoder.encode(list.getLast().id(), StandardCharsets.UTF_8);
        }
        return list;
    }
}
