package io.ttsgateway.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.DescribedProvider;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SessionScopedStream;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.link.LinkPool;
import io.ttsgateway.provider.link.LinkTarget;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.ProviderHttp;
import io.ttsgateway.provider.net.VoiceCache;

/**
 * Deepgram Aura over its streaming WebSocket ({@code /v1/speak}), the key in the upgrade's
 * {@code Authorization: Token} header, never in the URL. Each session pools its own sockets
 * ({@link #openSession()}); {@link #open} without a session uses a socket of its own. A request's
 * speed becomes the socket's {@code speed} parameter; its language is left to the model.
 */
public final class DeepgramProvider extends DescribedProvider {

    /** The provider name. */
    public static final String NAME = DeepgramCodec.NAME;
    /** The model (which is also the voice) Deepgram uses when none is named. */
    public static final String DEFAULT_MODEL = "aura-asteria-en";
    /** Longest text of one request or segment: what Deepgram takes on one socket in a minute. */
    public static final int MAX_TEXT_LENGTH = DeepgramCodec.MAX_CHARS;

    private static final Logger LOGGER = Logger.getLogger(DeepgramProvider.class.getName());
    private static final DeepgramCodec CODEC = new DeepgramCodec();

    private final DeepgramSettings settings;
    private final URI base;
    private final ProviderHttp http;
    private final VoiceCache voices;
    private final OpenResources<LinkPool<SocketSettings>> pools = new OpenResources<>(LinkPool::close);
    private volatile boolean ready;

    /** Creates the provider; nothing connects before the first request or {@link #initialize()}. */
    public DeepgramProvider(DeepgramSettings settings) {
        this(settings, VoiceCache.DEFAULT_TTL, System::nanoTime);
    }

    /** Creates the provider with a time to live of its own for fetched voice lists, on a clock of nanoseconds. */
    public DeepgramProvider(DeepgramSettings settings, Duration voicesTtl, LongSupplier voicesClock) {
        // A Deepgram model is a voice: the configured one, or DEFAULT_MODEL, is the default voice, with no model.
        super(NAME, new ProviderCapabilities(SocketSettings.Output.NATIVE_FORMATS, false, true, MAX_TEXT_LENGTH),
              orDefault(Objects.requireNonNull(settings, "settings").model(), DEFAULT_MODEL), null);
        this.settings = settings;
        this.base = Endpoints.base(Objects.requireNonNull(settings.baseUrl(), "baseUrl").toString());
        this.http = new ProviderHttp(NAME, settings.timeouts().connect());
        this.voices = new VoiceCache(NAME, voicesTtl,
                                     () -> DeepgramVoices.fetch(http.client(), base, authorization(), settings.timeouts()),
                                     voicesClock);
    }

    /** The text-to-speech models of {@code GET /v1/models}, cached. */
    @Override
    public List<Voice> voices() throws ProviderException {
        checkKey();
        return voices.voices();
    }

    /** Checks the key with one handshake; a Deepgram out of reach now is only logged. */
    @Override
    public void initialize() throws ProviderException {
        checkKey();
        try (LinkPool<SocketSettings> probe = pool()) {
            probe.warm(new SocketSettings(defaultVoice(), SocketSettings.Output.of(AudioFormat.pcm(24000)), null));
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
        return ready && !pools.isClosed();
    }

    /** One request on a socket of its own, closed with the stream. */
    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return SessionScopedStream.open(openSession(), request);
    }

    /**
     * A session: sockets of its own, pooled per {@link SocketSettings}, so that consecutive requests
     * share one and a request synthesized ahead gets another. A request is an utterance of one segment.
     */
    @Override
    public ProviderSession openSession() {
        LinkPool<SocketSettings> pool = pools.add(pool());
        return new ProviderSession() {
            @Override
            public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
                Continuation utterance = openContinuation();
                try {
                    return utterance.open(request);
                } finally {
                    utterance.finish(); // frees the socket at the Flushed, or at once when nothing went out
                }
            }

            @Override
            public Continuation openContinuation() {
                return new DeepgramUtterance(pool, defaultVoice(), settings.timeouts());
            }

            @Override
            public void close() {
                pools.remove(pool);
                pool.close(); // Close, then the close frame; streams still open fail
            }
        };
    }

    /** Closes every session's sockets, then the HTTP client. */
    @Override
    public void close() {
        pools.close();
        http.close();
    }

    private LinkPool<SocketSettings> pool() {
        return new LinkPool<>(NAME, http.client(), settings.timeouts(), DeepgramCodec.LIMITS, CODEC,
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
