package io.ttsgateway.elevenlabs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.LinkPool;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs as one client connection sees it: its own pool of multi-context sockets, one context
 * per request or utterance. Models the WebSockets do not serve ({@code eleven_v3}, or any whose
 * upgrade is refused with 403) go over HTTP streaming.
 */
final class ElevenLabsSession implements ProviderSession, ElevenLabsContinuation.Opener {

    private static final Logger LOGGER = Logger.getLogger(ElevenLabsSession.class.getName());
    private static final int FORBIDDEN = 403;

    /** Starts one HTTP request; {@code onEnd} is told when its thread ended. */
    @FunctionalInterface
    interface HttpStart {
        HttpSynthesis create(ResolvedRequest request, String previousText, Consumer<HttpSynthesis> onEnd)
                throws ProviderException;
    }

    private final ElevenLabsSettings settings;
    private final String defaultModel;
    private final LinkPool<SocketKey> pool;
    private final HttpStart http;
    private final Consumer<ElevenLabsSession> onClose;
    private final AtomicLong contextIds = new AtomicLong();
    private final Set<String> httpOnlyModels = ConcurrentHashMap.newKeySet();
    /** Guarded by this. */
    private final Set<HttpSynthesis> httpStreams = new HashSet<>();
    private boolean closed;

    ElevenLabsSession(ElevenLabsSettings settings, String defaultModel, LinkPool<SocketKey> pool, HttpStart http,
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
        checkOpen();
        if (ElevenLabsModels.streamsOverWebSocket(first.model()) && !httpOnlyModels.contains(first.model())) {
            OutputPlan plan = OutputPlan.forSocket(first.wanted());
            ContextRoute route = new ContextRoute(() -> "ctx-" + contextIds.incrementAndGet(), first, plan.produced(),
                                                  settings.timeouts(), whole);
            try {
                route.attach(pool.start(SocketKey.of(first, plan), route, route.opening(), first.text().length()));
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
        HttpSegments segments = new HttpSegments(this);
        AudioStream opened = segments.open(first);
        return new Segments() {
            @Override
            public AudioStream first() {
                return opened;
            }

            @Override
            public AudioStream open(ResolvedRequest segment) throws ProviderException, InterruptedException {
                return segments.open(segment);
            }

            @Override
            public void close() {
                segments.close();
            }
        };
    }

    @Override
    public void close() {
        List<HttpSynthesis> streams;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            streams = List.copyOf(httpStreams);
            httpStreams.clear();
        }
        streams.forEach(stream -> stream.abort(sessionClosed()));
        pool.close();
        onClose.accept(this);
    }

    /** Streams one request over HTTP, tracked so that closing the session aborts it. */
    synchronized AudioStream openHttp(ResolvedRequest request, String previousText) throws ProviderException {
        checkOpen();
        HttpSynthesis synthesis = http.create(request, previousText, this::httpEnded);
        httpStreams.add(synthesis);
        return synthesis.begin().stream();
    }

    /** The failure of requests still open when their session closed. */
    static ProviderException sessionClosed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " session closed");
    }

    private synchronized void httpEnded(HttpSynthesis synthesis) {
        httpStreams.remove(synthesis);
    }

    private synchronized void checkOpen() throws ProviderException {
        if (closed) {
            throw sessionClosed();
        }
    }
}
