package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * ElevenLabs as one client connection of the gateway sees it: a multi-context WebSocket per voice,
 * model and output format, opened on the first request that needs it and reused by the next ones,
 * two of which may be in flight at once (the next request is synthesized while the current one
 * plays).
 *
 * <p>A socket the server closed while idle is replaced on the next request. A request sent on a
 * reused socket that then died before anything came back for it is sent once more on a fresh
 * socket; a request that received anything is never sent again. Models the WebSockets do not serve
 * ({@code eleven_v3}, or any whose upgrade is refused with 403) go over HTTP streaming.
 *
 * <p>Sockets are keyed by voice, model, output format and language (URL parameters); voice settings,
 * speed among them, go with each context, so requests differing only there share a socket but never
 * a context. A streamed utterance ({@link #openContinuation()}) holds one context of its socket from
 * its first segment to its end.
 */
final class ElevenLabsSession implements ProviderSession {

    private static final Logger LOGGER = Logger.getLogger(ElevenLabsSession.class.getName());
    /** Registration attempts of one request: a full or expiring socket is replaced at most this often. */
    private static final int MAX_ACQUIRE_ATTEMPTS = 4;
    /** Slack over the connect timeout for a request waiting on another request's connect. */
    private static final long CONNECT_WAIT_SLACK_MILLIS = 2000;

    private final ElevenLabsProvider provider;
    private final ReentrantLock lock = new ReentrantLock();
    /** The socket new requests of a key go to. */
    private final Map<SocketKey, ContextSocket> current = new HashMap<>();
    /** Every socket not ended yet, retiring ones included, to close them with the session. */
    private final Set<ContextSocket> sockets = new HashSet<>();
    /** Serializes connects per key. */
    private final Map<SocketKey, ReentrantLock> connecting = new ConcurrentHashMap<>();
    private final Set<Thread> retries = new HashSet<>();
    private final Set<HttpSynthesis> httpStreams = new HashSet<>();
    private final Set<String> httpOnlyModels = ConcurrentHashMap.newKeySet();
    private final AtomicLong contextIds = new AtomicLong();
    /** Why the provider last closed a socket before it carried any request. */
    private ProviderException lastUnusedEnd;
    private boolean closed;

    /**
     * Creates a session; nothing is connected until the first request.
     *
     * @param provider the provider
     */
    ElevenLabsSession(ElevenLabsProvider provider) {
        this.provider = provider;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        ResolvedRequest resolved = provider.resolve(request);
        checkOpen();
        if (streamsOverHttp(resolved)) {
            return openHttp(resolved, null);
        }
        OutputPlan plan = OutputPlan.forSocket(resolved.wanted());
        SocketKey key = socketKey(resolved, plan);
        ContextRequest contextRequest = null;
        try {
            // Connected first, so the request's first-byte clock starts when it is sent, not
            // before a handshake the connect timeout already bounds.
            ensureConnected(key);
            contextRequest = new ContextRequest(key, resolved, plan.produced(), provider.settings().timeouts());
            start(contextRequest, true);
        } catch (ContextSocket.HandshakeRefused e) {
            if (contextRequest != null) {
                contextRequest.inbox().close();
            }
            refusedWebSocket(resolved.model());
            return openHttp(resolved, null);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            if (contextRequest != null) {
                contextRequest.inbox().close();
            }
            throw e;
        }
        return OutputPlan.deliver(contextRequest.inbox(), resolved.wanted());
    }

    /**
     * An utterance in one ElevenLabs context: every segment is sent into it with {@code flush}, so
     * the voice carries its prosody across the seams (see {@link ElevenLabsContinuation}). Models
     * served over HTTP only speak each segment as a request of its own, with the text before it as
     * {@code previous_text}.
     *
     * @return the continuation, closed by the caller
     */
    @Override
    public Continuation openContinuation() {
        return new ElevenLabsContinuation(this);
    }

    @Override
    public void close() {
        List<ContextSocket> toClose;
        List<Thread> toStop;
        List<HttpSynthesis> toAbort;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(sockets);
            toStop = new ArrayList<>(retries);
            toAbort = new ArrayList<>(httpStreams);
            sockets.clear();
            current.clear();
            retries.clear();
            httpStreams.clear();
        } finally {
            lock.unlock();
        }
        toStop.forEach(Thread::interrupt);
        toAbort.forEach(stream -> stream.abort(sessionClosed()));
        toClose.forEach(ContextSocket::close);
        provider.sessionClosed(this);
    }

    ElevenLabsProvider provider() {
        return provider;
    }

    /**
     * A context id unique within this session. Ids carry no text.
     *
     * @return the id
     */
    String nextContextId() {
        return "ctx-" + contextIds.incrementAndGet();
    }

    /**
     * Forgets a socket that ended.
     *
     * @param socket      the socket
     * @param unusedError why the provider closed it before it carried any request, or {@code null}
     */
    void socketEnded(ContextSocket socket, ProviderException unusedError) {
        lock.lock();
        try {
            sockets.remove(socket);
            current.remove(socket.key(), socket);
            if (unusedError != null) {
                lastUnusedEnd = unusedError;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a request again on a fresh socket, off the socket reader that found its socket dead.
     *
     * @param request a request eligible for a retry
     */
    void retry(SocketContext request) {
        request.markRetried();
        Thread worker = Thread.ofVirtual().name("elevenlabs-retry").unstarted(() -> {
            try {
                start(request, false);
            } catch (ProviderException e) {
                request.fail(e);
            } catch (InterruptedException e) {
                request.fail(sessionClosed());
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Retry of an " + ElevenLabsProvider.NAME + " request failed", e);
                request.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                                   ElevenLabsProvider.NAME + " request could not be resent", e));
            } finally {
                lock.lock();
                try {
                    retries.remove(Thread.currentThread());
                } finally {
                    lock.unlock();
                }
            }
        });
        lock.lock();
        try {
            if (closed) {
                request.fail(sessionClosed());
                return;
            }
            retries.add(worker);
        } finally {
            lock.unlock();
        }
        worker.start();
    }

    /**
     * The failure of requests still open when their session closed.
     *
     * @return the exception
     */
    static ProviderException sessionClosed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, ElevenLabsProvider.NAME + " session closed");
    }

    /**
     * Whether a request goes over HTTP: its model has no WebSocket, or refused this session one.
     *
     * @param request the request
     * @return true for HTTP streaming
     */
    boolean streamsOverHttp(ResolvedRequest request) {
        return !ElevenLabsModels.streamsOverWebSocket(request.model()) || httpOnlyModels.contains(request.model());
    }

    /**
     * Notes that the WebSocket upgrade for a model was refused: the session streams it over HTTP.
     *
     * @param model the model
     */
    void refusedWebSocket(String model) {
        httpOnlyModels.add(model);
        LOGGER.fine(() -> ElevenLabsProvider.NAME + " refused a WebSocket for model " + model
                + "; this session streams it over HTTP");
    }

    /**
     * The socket a request needs.
     *
     * @param request the request
     * @param plan    its output plan
     * @return the key
     */
    static SocketKey socketKey(ResolvedRequest request, OutputPlan plan) {
        return new SocketKey(request.voice(), request.model(), plan.outputFormat(), request.language());
    }

    /**
     * Connects the key's socket when there is none usable, before a context's clocks start.
     *
     * @param key the socket's key
     * @throws ContextSocket.HandshakeRefused when the upgrade was refused with 403
     * @throws ProviderException              when the connection failed
     * @throws InterruptedException           when interrupted
     */
    void connectFor(SocketKey key) throws ProviderException, InterruptedException {
        checkOpen();
        ensureConnected(key);
    }

    /**
     * Registers a context on its key's socket and sends it; a context that was cancelled meanwhile
     * is not sent.
     *
     * @param context the context
     * @throws ProviderException    when it could not be sent
     * @throws InterruptedException when interrupted
     */
    void startContext(SocketContext context) throws ProviderException, InterruptedException {
        start(context, true);
    }

    /**
     * Streams one request over HTTP, tracked so that closing the session aborts it.
     *
     * @param request      the request
     * @param previousText the text spoken before it, or {@code null}
     * @return the stream
     * @throws ProviderException when the session is closed or the format cannot be produced
     */
    AudioStream openHttp(ResolvedRequest request, String previousText) throws ProviderException {
        lock.lock();
        try {
            checkOpen();
            HttpSynthesis synthesis = HttpSynthesis.create(provider, request, previousText, this::httpEnded);
            httpStreams.add(synthesis);
            return synthesis.begin().stream();
        } finally {
            lock.unlock();
        }
    }

    private void start(SocketContext request, boolean mayRetry) throws ProviderException, InterruptedException {
        while (true) {
            ContextSocket socket = acquire(request);
            if (socket == null) {
                return;
            }
            try {
                socket.send(request);
                return;
            } catch (ProviderException e) {
                if (!socket.unregister(request)) {
                    // The socket's end took the request over: it retries or fails it.
                    return;
                }
                if (mayRetry && request.eligibleForRetry()) {
                    request.markRetried();
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * Connects the key's socket when there is none usable.
     */
    private void ensureConnected(SocketKey key) throws ProviderException, InterruptedException {
        ContextSocket socket = currentSocket(key);
        if (socket == null || !socket.usable()) {
            connect(key);
        }
    }

    /**
     * Connects a socket for a key, unless another request did so meanwhile. One connect per key at
     * a time: two requests arriving together share one socket.
     */
    private void connect(SocketKey key) throws ProviderException, InterruptedException {
        long connectWait = provider.settings().timeouts().connect().toMillis() + CONNECT_WAIT_SLACK_MILLIS;
        ReentrantLock connect = connecting.computeIfAbsent(key, k -> new ReentrantLock());
        if (!connect.tryLock(connectWait, TimeUnit.MILLISECONDS)) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ElevenLabsProvider.NAME
                    + " connection is still being opened");
        }
        try {
            ContextSocket meanwhile = currentSocket(key);
            if (meanwhile != null && meanwhile.usable()) {
                return;
            }
            checkOpen();
            install(ContextSocket.open(this, key));
        } finally {
            connect.unlock();
        }
    }

    /**
     * Registers a request on the key's socket, connecting one when there is none usable.
     *
     * @return the socket, or {@code null} when the request was cancelled before being sent
     */
    private ContextSocket acquire(SocketContext request) throws ProviderException, InterruptedException {
        SocketKey key = request.key();
        for (int attempt = 0; attempt < MAX_ACQUIRE_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                ProviderException refusal = lastUnusedEnd();
                if (refusal != null && !refusal.retryable()) {
                    // The provider closes every new socket (a refused key, say): connecting again
                    // only repeats the refusal.
                    throw refusal;
                }
            }
            ContextSocket socket = currentSocket(key);
            if (socket != null) {
                switch (socket.register(request)) {
                    case REGISTERED -> {
                        forgetUnusedEnd();
                        return socket;
                    }
                    case CANCELLED -> {
                        return null;
                    }
                    case UNUSABLE -> {
                        // connect below
                    }
                }
            }
            connect(key);
        }
        ProviderException refusal = lastUnusedEnd();
        throw refusal != null ? refusal : new ProviderException(ProviderErrorKind.UNAVAILABLE, ElevenLabsProvider.NAME
                + " closed new connections before they could be used");
    }

    private void forgetUnusedEnd() {
        lock.lock();
        try {
            lastUnusedEnd = null;
        } finally {
            lock.unlock();
        }
    }

    private ProviderException lastUnusedEnd() {
        lock.lock();
        try {
            return lastUnusedEnd;
        } finally {
            lock.unlock();
        }
    }

    private ContextSocket currentSocket(SocketKey key) throws ProviderException {
        lock.lock();
        try {
            if (closed) {
                throw sessionClosed();
            }
            return current.get(key);
        } finally {
            lock.unlock();
        }
    }

    private void install(ContextSocket socket) {
        lock.lock();
        try {
            if (!closed) {
                current.put(socket.key(), socket);
                sockets.add(socket);
                return;
            }
        } finally {
            lock.unlock();
        }
        socket.close();
    }

    private void httpEnded(HttpSynthesis synthesis) {
        lock.lock();
        try {
            httpStreams.remove(synthesis);
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws ProviderException {
        lock.lock();
        try {
            if (closed) {
                throw sessionClosed();
            }
        } finally {
            lock.unlock();
        }
    }
}
