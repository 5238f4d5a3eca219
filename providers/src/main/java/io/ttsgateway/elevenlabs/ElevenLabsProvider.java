package io.ttsgateway.elevenlabs;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.DescribedProvider;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.LinkTarget;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.HttpAudioCall;
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderHttp;
import io.ttsgateway.provider.net.VoiceCache;

/**
 * ElevenLabs text to speech: sessions stream over the multi-context WebSocket ({@link ElevenLabsSession}),
 * requests without a session over HTTP. The key travels in the {@code xi-api-key} header only.
 */
public final class ElevenLabsProvider extends DescribedProvider {

    /** The provider name. */
    public static final String NAME = ElevenLabsSettings.NAME;
    /** Header carrying the API key, on upgrades and HTTP requests alike. */
    public static final String API_KEY_HEADER = "xi-api-key";

    private final ElevenLabsSettings settings;
    private final ProviderHttp httpClient;
    private final HttpSynthesis http;
    private final Supplier<LinkPool<SocketKey>> newPool;
    private final OpenResources<ElevenLabsSession> sessions = new OpenResources<>(ElevenLabsSession::close);
    private final VoiceCache voices;

    /** Creates the provider; nothing connects before a request; malformed settings throw. */
    public ElevenLabsProvider(ElevenLabsSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL, System::nanoTime);
    }

    /** Creates the provider with a time to live of its own for the voice list, on a clock of nanoseconds. */
    public ElevenLabsProvider(ElevenLabsSettings settings, Duration voicesTtl, LongSupplier voicesClock) {
        this(settings, checkedModel(settings), voicesTtl, voicesClock);
    }

    private ElevenLabsProvider(ElevenLabsSettings settings, String model, Duration voicesTtl, LongSupplier voicesClock) {
        super(NAME, new ProviderCapabilities(SocketKey.FORMATS, true, true, ResolvedRequest.maxTextLength(model)),
              settings.voiceId(), model);
        this.settings = settings;
        Objects.requireNonNull(settings.baseUrl(), "baseUrl");
        Objects.requireNonNull(settings.timeouts(), "timeouts");
        URI base = Endpoints.base(settings.baseUrl().toString());
        VoiceSettings.checkConfigured(settings);
        Map<String, String> auth = Map.of(API_KEY_HEADER, settings.apiKey() == null ? "" : settings.apiKey());
        this.httpClient = new ProviderHttp(NAME, settings.timeouts().connect());
        this.http = new HttpSynthesis(new HttpAudioCall.Vendor(NAME, httpClient.audio(), settings.timeouts(),
                                                               ElevenLabsMessages::httpFailure), base, auth,
                                      () -> ProviderErrors.closed(NAME, "provider"));
        ElevenLabsMessages codec = new ElevenLabsMessages();
        LinkLimits limits = ElevenLabsMessages.limits(settings.timeouts());
        this.newPool = () -> new LinkPool<>(NAME, httpClient.client(), settings.timeouts(), limits, codec,
                                            key -> new LinkTarget(Endpoints.webSocket(base, key.pathAndQuery()), auth));
        this.voices = new VoiceCache(NAME, voicesTtl, () -> voiceList(JsonGet.get(
                httpClient.client(), NAME, Endpoints.http(base, "/v1/voices"), auth, settings.timeouts(),
                ElevenLabsMessages::httpFailure)), voicesClock);
    }

    /** The configured model, checked with the voice; IllegalArgumentException for either malformed. */
    private static String checkedModel(ElevenLabsSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            ResolvedRequest.checkVoice(settings.voiceId());
            return ResolvedRequest.checkModel(settings.modelId());
        } catch (ProviderException e) {
            throw new IllegalArgumentException("ElevenLabs default voice or model: " + e.getMessage(), e);
        }
    }

    /** The account's voices, from {@code GET /v1/voices} (all in one response, unlike the paged v2), cached. */
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
        return !sessions.isClosed();
    }

    /** Streams one request over HTTP, on a pooled connection of the provider's client. */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        if (sessions.isClosed()) {
            throw ProviderErrors.closed(NAME, "provider");
        }
        return http.start(ResolvedRequest.of(request, settings, defaultModel()), null);
    }

    /** A session with its own multi-context sockets, to be closed by the caller. */
    @Override
    public ProviderSession openSession() {
        return sessions.add(new ElevenLabsSession(settings, defaultModel(), newPool.get(), http.forSession(() -> ProviderErrors.closed(NAME, "session")),
                                                  sessions::remove));
    }

    /** Closes every session and stream, then the HTTP client. */
    @Override
    public void close() {
        sessions.close();
        http.close();
        httpClient.close();
    }

    /** The voices with an id of a {@code GetVoicesResponseModel}, their languages from {@code verified_languages}. */
    private static List<Voice> voiceList(JsonNode body) throws ProviderException {
        List<Voice> result = new ArrayList<>();
        for (JsonNode voice : JsonGet.items(body, "voices", NAME)) {
            String id = voice.path("voice_id").asText("");
            if (id.isBlank()) {
                continue;
            }
            Set<String> languages = new LinkedHashSet<>();
            for (JsonNode verified : voice.path("verified_languages")) {
                String language = verified.path("language").asText("");
                if (!language.isBlank()) {
                    languages.add(language);
                }
            }
            String gender = voice.path("labels").path("gender").asText(null);
            result.add(new Voice(id, voice.path("name").asText(id), List.copyOf(languages),
                                 gender == null || gender.isBlank() ? null : gender, NAME));
        }
        return result;
    }

    /** Hides the key. */
    @Override
    public String toString() {
        return "ElevenLabsProvider[" + settings + "]";
    }
}
