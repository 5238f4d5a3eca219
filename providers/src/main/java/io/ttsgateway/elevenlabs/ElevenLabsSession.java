package io.ttsgateway.elevenlabs;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.LinkPool;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs as one client connection sees it: its own pool of multi-context sockets, a context per
 * request or utterance. Models the WebSockets do not serve ({@code eleven_v3}, or any whose upgrade
 * is refused with 403) go over HTTP streaming.
 */
final class ElevenLabsSession implements ProviderSession, ElevenLabsContinuation.Opener {

    private static final Logger LOGGER = Logger.getLogger(ElevenLabsSession.class.getName());
    private static final int FORBIDDEN = 403;

    private final ElevenLabsSettings settings;
    private final String defaultModel;
    private final LinkPool<SocketKey> pool;
    private final HttpSynthesis http;
    private final Consumer<ElevenLabsSession> onClose;
    private final AtomicLong contextIds = new AtomicLong();
    private final Set<String> httpOnlyModels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ElevenLabsSession(ElevenLabsSettings settings, String defaultModel, LinkPool<SocketKey> pool, HttpSynthesis http,
                      Consumer<ElevenLabsSession> onClose) {
        this.settings = settings;
        this.defaultModel = defaultModel;
        this.pool = pool;
        this.http = http;
        this.onClose = onClose;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return begin(resolve(request), true).first();
    }

    @Override
    public Continuation openContinuation() {
        return new ElevenLabsContinuation(this);
    }

    @Override
    public ResolvedRequest resolve(SynthesisRequest request) throws ProviderException {
        return ResolvedRequest.of(request, settings, defaultModel);
    }

    @Override
    public Segments begin(ResolvedRequest first, boolean whole) throws ProviderException, InterruptedException {
        if (closed) {
            throw sessionClosed();
        }
        if (ElevenLabsModels.streamsOverWebSocket(first.model()) && !httpOnlyModels.contains(first.model())) {
            AudioFormat produced = SocketKey.produced(first.wanted());
            ContextRoute route = new ContextRoute(() -> "ctx-" + contextIds.incrementAndGet(), first, produced,
                                                  settings.timeouts(), whole);
            SocketKey key = new SocketKey(first.voice(), first.model(), produced.toString(), first.language());
            try {
                route.attach(pool.start(key, route, route.opening(), first.text().length()));
                return route;
            } catch (ProviderException e) {
                if (route.failed()) {
                    return route;
                }
                route.close();
                if (e.providerStatus() != FORBIDDEN) {
                    throw e;
                }
                httpOnlyModels.add(first.model());
                LOGGER.fine(() -> NAME + " refused a WebSocket for model " + first.model() + "; using HTTP");
            }
        }
        return new HttpSegments(this, http, first);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        http.close(ElevenLabsSession::sessionClosed);
        pool.close();
        onClose.accept(this);
    }

    /** The failure of requests still open when their session closed. */
    private static ProviderException sessionClosed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " session closed");
    }
}
