package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * One {@code multi-stream-input} WebSocket of a session: up to {@link #MAX_CONTEXTS} requests or
 * streamed utterances in flight, each in its own context, their audio routed by {@code contextId}.
 *
 * <p>A request is three messages: the context's first message (a single space and the voice
 * settings), the text with {@code flush}, and {@code close_context}. Closing a flushed context lets
 * the server finish its audio and then send the context's final message, which ends the request.
 * An utterance sends the first message and its first segment with {@code flush}, then each later
 * segment with {@code flush} as it comes ({@link #sendNow}), and {@code close_context} once it is
 * finished. A cancel sends {@code close_context} (again); whatever audio still arrives for the
 * context is dropped, and its slot stays taken until the server's final message for it.
 *
 * <p>A socket that is full, idle for nearly its inactivity timeout, or reported an error takes no
 * new request ("retiring"); it closes once its last context ended.
 */
final class ContextSocket implements ProviderSocket.Handler {

    /** Contexts the server allows at once on one socket. */
    static final int MAX_CONTEXTS = 5;
    /**
     * An idle socket this close to the server's inactivity timeout is replaced rather than used:
     * a request sent just as the server gives up would be lost.
     */
    static final long IDLE_MARGIN_SECONDS = 20;

    /**
     * Silence before the watchdog pings, as a fraction of the shorter of the first-byte and stall
     * timeouts: a ping and its missing pong then fit into either with room to spare.
     */
    static final long PINGS_PER_TIMEOUT = 5;
    /** Shortest silence before a ping, whatever the timeouts. */
    static final long MIN_PING_QUIET_MILLIS = 50;
    /** Longest silence before a ping: a dead connection is found within a few seconds. */
    static final long MAX_PING_QUIET_MILLIS = 2000;

    private static final Logger LOGGER = Logger.getLogger(ContextSocket.class.getName());
    private static final long IDLE_REPLACE_NANOS = TimeUnit.SECONDS.toNanos(
            ElevenLabsProvider.INACTIVITY_TIMEOUT_SECONDS - IDLE_MARGIN_SECONDS);

    /** Outcome of {@link #register}. */
    enum Registration {
        /** The request has a context on this socket. */
        REGISTERED,
        /** The socket takes no new request; use another. */
        UNUSABLE,
        /** The request was cancelled before it was sent; nothing to do. */
        CANCELLED
    }

    /** The upgrade was refused with 403: this model or account is not served over WebSocket. */
    static final class HandshakeRefused extends ProviderException {
        private static final long serialVersionUID = 1L;

        HandshakeRefused(ProviderException refusal) {
            super(refusal.kind(), refusal.providerStatus(), refusal.getMessage(), refusal.getCause());
        }
    }

    private final ElevenLabsSession session;
    private final SocketKey key;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the socket ends, to stop its watchdog at once. */
    private final Condition endedSignal = lock.newCondition();
    /** Contexts that hold a slot on the server: in flight, or cancelled and not final yet. */
    private final Map<String, SocketContext> live = new HashMap<>();
    private ProviderSocket socket;
    private boolean ended;
    private boolean retiring;
    private boolean closingByUs;
    private int started;
    private long lastSendNanos = System.nanoTime();
    private ProviderException socketError;
    private String socketErrorCode;

    private ContextSocket(ElevenLabsSession session, SocketKey key) {
        this.session = session;
        this.key = key;
    }

    /**
     * Connects a socket.
     *
     * @param session the session it belongs to
     * @param key     voice, model and format
     * @return the connected socket
     * @throws HandshakeRefused     when the upgrade was refused with 403
     * @throws ProviderException    when the connection failed otherwise
     * @throws InterruptedException when interrupted while connecting
     */
    static ContextSocket open(ElevenLabsSession session, SocketKey key)
            throws ProviderException, InterruptedException {
        ElevenLabsProvider provider = session.provider();
        ContextSocket created = new ContextSocket(session, key);
        ProviderSocket connected;
        try {
            connected = ProviderSocket.connect(provider.httpClient(), ElevenLabsProvider.NAME,
                                               Endpoints.webSocket(provider.base(), key.pathAndQuery()),
                                               provider.authHeaders(), provider.settings().timeouts().connect(),
                                               created);
        } catch (ProviderException e) {
            if (e.providerStatus() == 403) {
                throw new HandshakeRefused(e);
            }
            throw e;
        }
        created.lock.lock();
        try {
            created.socket = connected;
        } finally {
            created.lock.unlock();
        }
        long quiet = Math.clamp(Math.min(provider.settings().timeouts().firstByte().toMillis(),
                                         provider.settings().timeouts().stall().toMillis()) / PINGS_PER_TIMEOUT,
                                MIN_PING_QUIET_MILLIS, MAX_PING_QUIET_MILLIS);
        Thread.ofVirtual().name("elevenlabs-socket-watchdog").start(() -> created.watch(quiet));
        LOGGER.fine(() -> "Opened " + ElevenLabsProvider.NAME + " socket: voice " + key.voice() + ", model "
                + key.model() + ", " + key.outputFormat());
        return created;
    }

    SocketKey key() {
        return key;
    }

    /**
     * Whether the socket takes new requests.
     *
     * @return true while open and not retiring
     */
    boolean usable() {
        lock.lock();
        try {
            return socket != null && !ended && !retiring;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a request a context on this socket.
     *
     * @param context the context
     * @return whether it got one
     */
    Registration register(SocketContext context) {
        boolean closeIdle = false;
        lock.lock();
        try {
            if (socket == null || ended || retiring) {
                return Registration.UNUSABLE;
            }
            long now = System.nanoTime();
            long lastActivity = Math.max(lastSendNanos, now - socket.quietNanos());
            if (live.isEmpty() && now - lastActivity > IDLE_REPLACE_NANOS) {
                retiring = true;
                closeIdle = true;
                return Registration.UNUSABLE;
            }
            if (live.size() >= MAX_CONTEXTS) {
                // Cancelled contexts still count until their final message: a new socket it is.
                retiring = true;
                return Registration.UNUSABLE;
            }
            String id = session.nextContextId();
            if (!context.attach(this, id, started > 0)) {
                return Registration.CANCELLED;
            }
            started++;
            live.put(id, context);
            return Registration.REGISTERED;
        } finally {
            lock.unlock();
            if (closeIdle) {
                closeLater();
            }
        }
    }

    /**
     * Sends a registered context's messages: the first one, every text so far with {@code flush},
     * and {@code close_context} when its input ended.
     *
     * @param context the context
     * @throws ProviderException when a send failed ({@code UNAVAILABLE}; the socket is then dead)
     */
    void send(SocketContext context) throws ProviderException {
        ProviderSocket target = socket();
        String id = context.contextId();
        context.sending().lock();
        try {
            touchSend();
            target.send(ElevenLabsMessages.initContext(id, context.voiceSettings()));
            for (String text : context.texts()) {
                if (context.isCancelled()) {
                    break;
                }
                target.send(ElevenLabsMessages.textAndFlush(id, text));
            }
            if (context.inputEnded() || context.isCancelled()) {
                // Ends the input, or, when cancelled before the text left, the context itself.
                target.send(ElevenLabsMessages.closeContext(id));
            }
            touchSend();
            context.sent(this);
        } finally {
            context.sending().unlock();
        }
    }

    /**
     * Sends one more message of a context already sent on this socket (a later segment, or the
     * end of an utterance's input). The caller holds the context's sending lock.
     *
     * @param message the message
     * @throws ProviderException when the send failed ({@code UNAVAILABLE}; the socket is then dead,
     *                           and its end fails or resends the context)
     */
    void sendNow(String message) throws ProviderException {
        ProviderSocket target = socket();
        touchSend();
        target.send(message);
        touchSend();
    }

    /**
     * Forgets a request whose messages could not be sent.
     *
     * @param context the context
     * @return true when this call removed it; false when the socket's end already took it over
     */
    boolean unregister(SocketContext context) {
        lock.lock();
        try {
            return live.remove(context.contextId(), context);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels a request at the provider: {@code close_context}, sent off the caller's thread so that
     * closing a stream never waits for the network.
     *
     * @param context the context
     */
    void cancel(SocketContext context) {
        ProviderSocket target;
        lock.lock();
        try {
            if (ended || live.get(context.contextId()) != context) {
                return;
            }
            target = socket;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("elevenlabs-cancel").start(() -> {
            try {
                if (!context.awaitSent()) {
                    return;
                }
                try {
                    target.send(ElevenLabsMessages.closeContext(context.contextId()));
                } finally {
                    context.sending().unlock();
                }
            } catch (ProviderException e) {
                // The socket died; its end forgets the context.
                LOGGER.log(Level.FINE, "Cancel not sent to " + ElevenLabsProvider.NAME, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Closes the socket; requests still in flight fail. Idempotent, any thread.
     */
    void close() {
        ProviderSocket target;
        lock.lock();
        try {
            closingByUs = true;
            retiring = true;
            target = socket;
        } finally {
            lock.unlock();
        }
        if (target != null) {
            target.close();
        }
    }

    @Override
    public void onText(String text) {
        JsonNode message;
        try {
            message = ElevenLabsMessages.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            LOGGER.fine(() -> "Ignored a message from " + ElevenLabsProvider.NAME + " that is not JSON");
            return;
        }
        if (!message.isObject()) {
            return;
        }
        if (ElevenLabsErrors.isErrorFrame(message)) {
            onErrorFrame(message);
            return;
        }
        boolean last = ElevenLabsMessages.isFinal(message);
        String id = ElevenLabsMessages.contextId(message);
        SocketContext context;
        boolean closeNow;
        lock.lock();
        try {
            context = id != null ? live.get(id) : soleLive();
            if (context != null && last) {
                live.remove(context.contextId(), context);
            }
            closeNow = retiring && live.isEmpty() && !ended;
        } finally {
            lock.unlock();
        }
        if (context != null && !context.isCancelled()) {
            deliver(context, message, last);
        }
        if (closeNow) {
            closeLater();
        }
    }

    @Override
    public void onClosed(int code, String reason) {
        List<SocketContext> taken;
        boolean byUs;
        boolean unused;
        ProviderException error;
        String errorCode;
        lock.lock();
        try {
            ended = true;
            endedSignal.signalAll();
            taken = new ArrayList<>(live.values());
            live.clear();
            byUs = closingByUs;
            unused = started == 0;
            error = socketError;
            errorCode = socketErrorCode;
        } finally {
            lock.unlock();
        }
        // A socket closed by the provider before it carried any request says why new ones fail.
        session.socketEnded(this, unused && !byUs ? (error != null ? error : ElevenLabsErrors.forClose(code, reason))
                                                  : null);
        if (taken.isEmpty()) {
            return;
        }
        boolean retryable;
        if (error == null) {
            errorCode = ElevenLabsErrors.codeFromText(reason);
            error = ElevenLabsErrors.forClose(code, reason);
            retryable = ElevenLabsErrors.INPUT_TIMEOUT.equals(errorCode)
                    || errorCode == null && (code == ElevenLabsErrors.NORMAL_CLOSURE || code == ElevenLabsErrors.GOING_AWAY
                                             || code == ProviderSocket.ABNORMAL_CLOSURE);
        } else {
            retryable = ElevenLabsErrors.INPUT_TIMEOUT.equals(errorCode);
        }
        String logged = errorCode == null ? "" : ", " + ProviderErrors.safeCode(errorCode);
        LOGGER.fine(() -> ElevenLabsProvider.NAME + " socket ended (" + code + logged + ") with " + taken.size()
                + " context(s) open");
        for (SocketContext context : taken) {
            if (context.isCancelled()) {
                continue;
            }
            if (byUs) {
                context.fail(ElevenLabsSession.sessionClosed());
            } else if (retryable && context.eligibleForRetry()) {
                session.retry(context);
            } else {
                context.fail(error);
            }
        }
    }

    /**
     * Checks the connection while requests are in flight: after {@code quietMillis} without any
     * message it pings, and when the pong does not come within as long again it cuts the socket, so
     * its requests fail as dropped (or, when nothing came back for them, are resent) well before
     * their stall timeout. Needed because the JDK client can miss the end of a connection that
     * closes right behind a message (its receive side throws on an EOF read while no demand is
     * pending, and never reports the close), and because a connection can die silently. Idle
     * sockets are left alone: their fate is decided on their next use. Ends with the socket.
     *
     * @param quietMillis silence before a ping, and the wait for its pong
     */
    private void watch(long quietMillis) {
        long quietNanos = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        long pingedAt = 0;
        while (true) {
            ProviderSocket target;
            lock.lock();
            try {
                if (!ended) {
                    endedSignal.await(quietMillis / 2, TimeUnit.MILLISECONDS);
                }
                if (ended) {
                    return;
                }
                target = live.isEmpty() ? null : socket;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (target == null) {
                pingedAt = 0;
                continue;
            }
            long now = System.nanoTime();
            long quiet = target.quietNanos();
            boolean answered = pingedAt == 0 || quiet < now - pingedAt;
            if (quiet < quietNanos) {
                pingedAt = 0;
            } else if (answered) {
                // Quiet, and whatever was pinged before answered (a pong counts): ask again.
                target.ping();
                pingedAt = System.nanoTime();
            } else if (now - pingedAt >= quietNanos) {
                LOGGER.fine(() -> ElevenLabsProvider.NAME + " socket answered no ping; cutting it");
                target.abort();
                return;
            }
        }
    }

    private void onErrorFrame(JsonNode message) {
        String code = ElevenLabsErrors.frameCode(message);
        int closeCode = message.path("code").isInt() ? message.path("code").asInt() : ElevenLabsErrors.POLICY_VIOLATION;
        ProviderException error = ElevenLabsErrors.forSocket(code, closeCode);
        String id = ElevenLabsMessages.contextId(message);
        LOGGER.fine(() -> ElevenLabsProvider.NAME + " reported " + ProviderErrors.safeCode(String.valueOf(code))
                + (id == null ? " for the socket" : " for a context"));
        if (id != null) {
            SocketContext context;
            lock.lock();
            try {
                context = live.remove(id);
            } finally {
                lock.unlock();
            }
            if (context != null && !context.isCancelled()) {
                context.fail(error);
            }
            return;
        }
        ProviderSocket target;
        lock.lock();
        try {
            if (socketError == null) {
                socketError = error;
                socketErrorCode = code;
            }
            retiring = true;
            target = socket;
        } finally {
            lock.unlock();
        }
        // The server closes right after such a frame; cutting now fails the requests at once
        // with this error instead of waiting for its close frame.
        if (target != null) {
            target.abort();
        }
    }

    private void deliver(SocketContext context, JsonNode message, boolean last) {
        String audio = ElevenLabsMessages.audio(message);
        if (audio != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(audio);
            } catch (IllegalArgumentException e) {
                context.fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ElevenLabsProvider.NAME
                        + " sent audio that is not base64"));
                return;
            }
            context.onAudio(bytes, context.wantsAlignment() ? CharAlignment.fromSocket(message) : null);
        } else if (!last) {
            context.onProgress();
        }
        if (last) {
            context.onFinal();
        }
    }

    /** The server's default context is never used by this client; route it only when unambiguous. */
    private SocketContext soleLive() {
        return live.size() == 1 ? live.values().iterator().next() : null;
    }

    private ProviderSocket socket() throws ProviderException {
        lock.lock();
        try {
            if (socket == null || ended) {
                throw ProviderErrors.dropped(ElevenLabsProvider.NAME, "connection already closed");
            }
            return socket;
        } finally {
            lock.unlock();
        }
    }

    private void touchSend() {
        lock.lock();
        try {
            lastSendNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** Closing waits for the close frame to leave; never on the socket's own reader. */
    private void closeLater() {
        Thread.ofVirtual().name("elevenlabs-socket-close").start(this::close);
    }
}
