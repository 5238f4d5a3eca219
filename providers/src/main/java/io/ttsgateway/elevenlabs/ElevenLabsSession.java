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
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs as one client connection sees it: its own pool of multi-context sockets, a context per
 * request or utterance. Models the WebSockets do not serve ({@code eleven_v3}, or any whose upgrade
 * is refused with 403) go over HTTP streaming.
 */
final class ElevenLabsSession implements ProviderSession {

    private static final Logger LOGGER = Logger.getLogger(ElevenLabsSession.class.getName());
    private static final int FORBIDDEN = 403;

    /** An utterance's state; a closed one stays closed. */
    private enum State { OPEN, FINISHED, CLOSED }

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
        return begin(ResolvedRequest.of(request, settings, defaultModel), true).first();
    }

    @Override
    public Continuation openContinuation() {
        return new Utterance();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        http.close();
        pool.close();
        onClose.accept(this);
    }

    /** Starts a request or utterance where its first segment's model goes; {@code whole}: no segment follows. */
    private Segments begin(ResolvedRequest first, boolean whole) throws ProviderException, InterruptedException {
        if (closed) {
            throw ProviderErrors.closed(NAME, "session");
        }
        if (ResolvedRequest.streamsOverWebSocket(first.model()) && !httpOnlyModels.contains(first.model())) {
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
        return http.utterance(this, first);
    }

    /**
     * An utterance, its text arriving in segments that all share the first one's options: a context's
     * voice settings are fixed by its first message, its socket by its URL. Segments are opened from
     * one thread; {@link #close()} may come from any.
     */
    private final class Utterance implements Continuation {

        // Guarded by this.
        private State state = State.OPEN;
        private ResolvedRequest first;
        private Segments segments;
        private ProviderException broken;

        @Override
        public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
            ResolvedRequest resolved = ResolvedRequest.of(segment, settings, defaultModel);
            Segments target;
            synchronized (this) {
                if (state == State.CLOSED) {
                    throw new InterruptedException("utterance closed");
                }
                if (state == State.FINISHED) {
                    throw new IllegalStateException("no segment may follow finish()");
                }
                if (broken != null) {
                    throw broken;
                }
                if (first != null && !first.sameOptions(resolved)) {
                    throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME
                            + " segments of one utterance must share voice, model, format, settings and language");
                }
                first = first == null ? resolved : first;
                target = segments;
            }
            if (target != null) {
                return target.open(resolved);
            }
            try {
                target = begin(resolved, false);
            } catch (ProviderException e) {
                synchronized (this) {
                    broken = e;
                }
                throw e;
            }
            boolean late;
            synchronized (this) {
                segments = target;
                late = state == State.CLOSED;
            }
            if (late) {
                target.close();
                throw new InterruptedException("utterance closed");
            }
            return target.first();
        }

        @Override
        public void finish() {
            Segments target = move(State.FINISHED);
            if (target != null) {
                target.finish();
            }
        }

        @Override
        public void close() {
            Segments target = move(State.CLOSED);
            if (target != null) {
                target.close();
            }
        }

        /** The one change of state, only forward; the segments begun so far when it moved, else null. */
        private synchronized Segments move(State to) {
            if (to.ordinal() <= state.ordinal()) {
                return null;
            }
            state = to;
            return segments;
        }
    }
}
