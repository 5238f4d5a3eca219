package io.ttsgateway.elevenlabs;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * An utterance spoken by ElevenLabs, its text arriving in segments. On the WebSocket every segment
 * goes into one context ({@link ContextSegments}): the first opens it as a single request would, each
 * later one is sent with {@code flush}, {@link #finish()} closes the context after the last, and
 * {@link #close()} cancels it. Each segment's stream ends when that segment's audio is complete,
 * which the character timings of the audio tell (see {@link ContextSegments} for how, and for what
 * happens when they are missing); word timings restart at every segment.
 *
 * <p>Models served over HTTP only speak every segment as a request of its own ({@link HttpSegments}).
 *
 * <p>Every segment must have the first one's voice, model, format, settings, language and timestamps
 * flag: a context's voice settings are fixed by its first message, and its socket by its URL.
 * Segments are opened from one thread; {@link #close()} may come from any.
 */
final class ElevenLabsContinuation implements Continuation {

    private final ElevenLabsSession session;
    private ResolvedRequest first;
    private ContextSegments context;
    private HttpSegments http;
    private ProviderException broken;
    private boolean finished;
    private boolean closed;

    /**
     * Creates the utterance; nothing is sent before its first segment.
     *
     * @param session the session it belongs to
     */
    ElevenLabsContinuation(ElevenLabsSession session) {
        this.session = session;
    }

    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        ResolvedRequest resolved = session.provider().resolve(segment);
        ContextSegments onSocket;
        HttpSegments overHttp;
        synchronized (this) {
            checkOpen();
            if (broken != null) {
                throw broken;
            }
            if (first != null && !first.sameOptions(resolved)) {
                throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, ElevenLabsProvider.NAME
                        + " segments of one utterance must share voice, model, format, settings and language");
            }
            onSocket = context;
            overHttp = http;
            if (first == null) {
                first = resolved;
            }
        }
        if (onSocket != null) {
            return OutputPlan.deliver(onSocket.append(resolved), resolved.wanted());
        }
        if (overHttp != null) {
            return overHttp.open(resolved);
        }
        try {
            return openFirst(resolved);
        } catch (ProviderException e) {
            synchronized (this) {
                broken = e;
            }
            throw e;
        }
    }

    @Override
    public void finish() {
        ContextSegments onSocket;
        synchronized (this) {
            if (finished || closed) {
                return;
            }
            finished = true;
            onSocket = context;
        }
        if (onSocket != null) {
            onSocket.finish();
        }
    }

    @Override
    public void close() {
        ContextSegments onSocket;
        HttpSegments overHttp;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            onSocket = context;
            overHttp = http;
        }
        if (onSocket != null) {
            onSocket.close();
        }
        if (overHttp != null) {
            overHttp.close();
        }
    }

    private AudioStream openFirst(ResolvedRequest resolved) throws ProviderException, InterruptedException {
        if (session.streamsOverHttp(resolved)) {
            return overHttp(resolved);
        }
        OutputPlan plan = OutputPlan.forSocket(resolved.wanted());
        SocketKey key = ElevenLabsSession.socketKey(resolved, plan);
        ContextSegments created = new ContextSegments(key, resolved, plan.produced(),
                                                      session.provider().settings().timeouts());
        try {
            // Connected first, so the first segment's first-byte clock starts when it is sent.
            session.connectFor(key);
            SegmentStream stream = created.start();
            synchronized (this) {
                checkOpen();
                context = created;
            }
            session.startContext(created);
            return OutputPlan.deliver(stream, resolved.wanted());
        } catch (ContextSocket.HandshakeRefused e) {
            created.close();
            synchronized (this) {
                context = null;
            }
            session.refusedWebSocket(resolved.model());
            return overHttp(resolved);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            created.close();
            throw e;
        }
    }

    private AudioStream overHttp(ResolvedRequest resolved) throws ProviderException, InterruptedException {
        HttpSegments created = new HttpSegments(session);
        synchronized (this) {
            checkOpen();
            http = created;
        }
        return created.open(resolved);
    }

    /** Under this object's lock. */
    private void checkOpen() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("utterance closed");
        }
        if (finished) {
            throw new IllegalStateException("no segment may follow finish()");
        }
    }
}
