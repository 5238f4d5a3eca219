package io.ttsgateway.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * One socket to {@code /v1/speak} and the one request it carries at a time. Deepgram has no request
 * ids on this socket, so everything that arrives belongs to the request in flight: binary frames are
 * its audio, {@code Flushed} ends it. After a {@code Clear} (the gateway cancelled the request),
 * everything up to {@code Cleared} belongs to nobody and is dropped; only then may the socket carry
 * another request.
 */
final class DeepgramConnection implements ProviderSocket.Handler {

    /** Longest wait for {@code Cleared}; a socket that does not confirm is closed rather than reused. */
    static final Duration CLEAR_TIMEOUT = Duration.ofSeconds(2);
    /** Age after which a socket is not reused: Deepgram ends sockets at 60 minutes ({@code NET-0003}). */
    static final Duration MAX_AGE = Duration.ofMinutes(55);

    private static final Logger LOGGER = Logger.getLogger(DeepgramConnection.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();

    /** What the socket tells its session. Called without the connection's lock held. */
    interface Listener {
        /**
         * The socket finished its request (or confirmed a cancel) and can carry another.
         *
         * @param connection the socket
         */
        void idle(DeepgramConnection connection);

        /**
         * The socket's request was cancelled; it is idle again at {@code Cleared}, soon.
         *
         * @param connection the socket
         */
        void clearing(DeepgramConnection connection);

        /**
         * The socket closed; called once.
         *
         * @param connection the socket
         */
        void closed(DeepgramConnection connection);

        /**
         * The socket closed while carrying a request that had not ended.
         *
         * @param request the request
         * @param error   what ended it
         * @param stale   whether Deepgram never took the request (a reused socket found dead, nothing
         *                received), so that it may be sent once more on a new socket
         */
        void lost(DeepgramRequest request, ProviderException error, boolean stale);
    }

    /** Where the socket is in its request cycle. */
    private enum State {
        /** Carries nothing; may be given a request. */
        IDLE,
        /** Carries a request until {@code Flushed}. */
        SPEAKING,
        /** Its request was cancelled; waits for {@code Cleared}. */
        CLEARING,
        /** Closed or closing; never used again. */
        CLOSED
    }

    private final int id = IDS.incrementAndGet();
    private final SocketSettings settings;
    private final Listener listener;
    private final DeepgramMessages messages;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final long createdNanos = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    /** Held while a request's messages are sent, so that its {@code Clear} can only follow them. */
    private final ReentrantLock outbox = new ReentrantLock();
    private volatile ProviderSocket socket;
    private State state = State.IDLE;
    private DeepgramRequest current;
    private boolean reused;
    private boolean responded;
    private long idleSince = System.nanoTime();
    private ScheduledFuture<?> clearDeadline;

    private DeepgramConnection(SocketSettings settings, Listener listener, DeepgramMessages messages,
                               Executor executor, ScheduledExecutorService timer) {
        this.settings = settings;
        this.listener = listener;
        this.messages = messages;
        this.executor = executor;
        this.timer = timer;
    }

    /**
     * Opens a socket; returns once Deepgram accepted the upgrade.
     *
     * @param http     the provider's client
     * @param uri      the endpoint with its query
     * @param headers  the upgrade headers, with the key
     * @param timeout  longest handshake
     * @param settings what the query fixes
     * @param listener the session
     * @param messages the JSON codec
     * @param executor runs sends that must not block the caller
     * @param timer    runs the {@code Cleared} deadline
     * @return the idle socket
     * @throws ProviderException    when Deepgram refused (401, 429, 5xx...) or could not be reached
     * @throws InterruptedException when interrupted while connecting
     */
    static DeepgramConnection open(HttpClient http, URI uri, Map<String, String> headers, Duration timeout,
                                   SocketSettings settings, Listener listener, DeepgramMessages messages,
                                   Executor executor, ScheduledExecutorService timer)
            throws ProviderException, InterruptedException {
        DeepgramConnection connection = new DeepgramConnection(settings, listener, messages, executor, timer);
        connection.socket = ProviderSocket.connect(http, DeepgramProvider.NAME, uri, headers, timeout, connection);
        LOGGER.fine(() -> "Deepgram socket #" + connection.id + " opened for " + settings);
        return connection;
    }

    /**
     * The settings fixed for this socket.
     *
     * @return the settings
     */
    SocketSettings settings() {
        return settings;
    }

    /**
     * Sends a request: its {@code Speak} messages, then {@code Flush}. Returns once they are sent;
     * the audio goes to the request's inbox. A socket that fails while sending is cut, and its
     * request handed to {@link Listener#lost}.
     *
     * @param request   the request
     * @param fromPool  whether the socket served before, so that a dead socket may be retried once
     * @return false when the socket was no longer idle (it closed meanwhile) and nothing was sent
     */
    boolean start(DeepgramRequest request, boolean fromPool) {
        lock.lock();
        try {
            if (state != State.IDLE) {
                return false;
            }
            state = State.SPEAKING;
            current = request;
            reused = fromPool;
            responded = false;
        } finally {
            lock.unlock();
        }
        ProviderSocket carrier = socket;
        request.inbox().probeWith(carrier::ping);
        if (!request.attach(this)) {
            // Cancelled before anything was sent: the socket is as it was.
            if (settle(request, State.IDLE)) {
                listener.idle(this);
            }
            return true;
        }
        outbox.lock();
        try {
            for (String message : request.messages()) {
                if (!carries(request)) {
                    return true;
                }
                socket.send(message);
            }
            if (carries(request)) {
                socket.send(DeepgramMessages.FLUSH);
            }
        } catch (ProviderException e) {
            // The socket is unusable; cutting it reports the request through onClosed.
            socket.abort();
        } finally {
            outbox.unlock();
        }
        return true;
    }

    /**
     * Stops a request at Deepgram ({@code Clear}) after the gateway cancelled it. The socket drops
     * what still arrives for it and becomes idle at {@code Cleared}, or is closed when that does not
     * come within {@link #CLEAR_TIMEOUT}. Does nothing when the request already ended.
     *
     * @param request the cancelled request
     */
    void cancel(DeepgramRequest request) {
        lock.lock();
        try {
            if (state != State.SPEAKING || current != request) {
                return;
            }
            state = State.CLEARING;
            current = null;
            try {
                clearDeadline = timer.schedule(this::clearTimedOut, CLEAR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                clearDeadline = null;
            }
        } finally {
            lock.unlock();
        }
        LOGGER.fine(() -> "Deepgram socket #" + id + ": request cancelled, clearing");
        listener.clearing(this);
        // Off the caller's thread: a cancel comes from whoever closes the stream, and must not wait
        // for a send.
        runAsync(() -> {
            outbox.lock();
            try {
                socket.send(DeepgramMessages.CLEAR);
            } catch (ProviderException e) {
                socket.abort();
            } finally {
                outbox.unlock();
            }
        });
    }

    /**
     * Fails the request in flight, if any, and closes the socket: {@code Close}, then a close frame.
     *
     * @param error what the request in flight fails with
     */
    void shutdown(ProviderException error) {
        DeepgramRequest request;
        lock.lock();
        try {
            request = state == State.SPEAKING ? current : null;
            current = null;
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
        if (request != null) {
            request.inbox().fail(error);
        }
        closeGracefully();
    }

    /**
     * Closes an idle socket the way Deepgram asks: a {@code Close} message, then the close frame.
     * Runs in the background, bounded by the socket's send and close timeouts.
     */
    void closeGracefully() {
        lock.lock();
        try {
            if (state == State.IDLE) {
                state = State.CLOSED;
            }
        } finally {
            lock.unlock();
        }
        runAsync(() -> {
            if (socket.isOpen()) {
                try {
                    socket.send(DeepgramMessages.CLOSE);
                } catch (ProviderException e) {
                    LOGGER.log(Level.FINE, "Deepgram socket #" + id + ": Close not sent", e);
                }
            }
            socket.close();
        });
    }

    /**
     * Sends a WebSocket ping in the background, so that an idle pooled socket is not dropped by
     * Deepgram or a proxy for silence.
     */
    void ping() {
        runAsync(socket::ping);
    }

    /**
     * Whether the socket can carry a request now: open, idle, and young enough.
     *
     * @return true when reusable
     */
    boolean reusable() {
        lock.lock();
        try {
            return state == State.IDLE && socket.isOpen() && System.nanoTime() - createdNanos < MAX_AGE.toNanos();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long the socket has been idle.
     *
     * @return nanoseconds since its last request ended
     */
    long idleNanos() {
        lock.lock();
        try {
            return state == State.IDLE ? System.nanoTime() - idleSince : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long nothing arrived on the socket (a pong counts).
     *
     * @return nanoseconds since the last message
     */
    long quietNanos() {
        return socket.quietNanos();
    }

    @Override
    public void onBinary(byte[] data) {
        DeepgramRequest request;
        lock.lock();
        try {
            if (state != State.SPEAKING) {
                // Audio of a cleared request, on its way before Deepgram saw the Clear.
                return;
            }
            request = current;
            responded = true;
        } finally {
            lock.unlock();
        }
        request.inbox().push(data);
    }

    @Override
    public void onText(String text) {
        DeepgramMessages.Incoming message = messages.parse(text);
        if (message == null) {
            LOGGER.fine(() -> "Deepgram socket #" + id + ": ignored a message that is not a typed JSON object");
            return;
        }
        switch (message.type()) {
            case DeepgramMessages.FLUSHED -> flushed();
            case DeepgramMessages.CLEARED -> cleared();
            case DeepgramMessages.METADATA -> LOGGER.fine(() -> "Deepgram socket #" + id + ": request_id "
                    + ProviderErrors.safeCode(message.requestId()));
            case DeepgramMessages.WARNING -> warning(message.code());
            case DeepgramMessages.ERROR -> error(message.code());
            default -> LOGGER.fine(() -> "Deepgram socket #" + id + ": ignored message type "
                    + ProviderErrors.safeCode(message.type()));
        }
    }

    @Override
    public void onClosed(int code, String reason) {
        DeepgramRequest request;
        boolean stale;
        lock.lock();
        try {
            request = state == State.SPEAKING ? current : null;
            stale = request != null && reused && !responded;
            current = null;
            state = State.CLOSED;
            cancelClearDeadline();
        } finally {
            lock.unlock();
        }
        String dgCode = DeepgramErrors.codeOf(reason);
        LOGGER.fine(() -> "Deepgram socket #" + id + " closed: " + code + (dgCode == null ? "" : " " + dgCode));
        listener.closed(this);
        if (request != null) {
            listener.lost(request, DeepgramErrors.closed(code, reason),
                          stale && DeepgramErrors.isStaleSocket(code, reason));
        }
    }

    private void flushed() {
        DeepgramRequest request;
        lock.lock();
        try {
            if (state != State.SPEAKING) {
                // A cleared request's flush, answered before the Clear arrived: Cleared follows.
                return;
            }
            request = current;
        } finally {
            lock.unlock();
        }
        if (settle(request, State.IDLE)) {
            // Pooled before the reader learns of the end, so that its next request finds the socket.
            listener.idle(this);
            request.inbox().finish();
        }
    }

    private void cleared() {
        lock.lock();
        try {
            if (state != State.CLEARING) {
                return;
            }
            state = State.IDLE;
            idleSince = System.nanoTime();
            cancelClearDeadline();
        } finally {
            lock.unlock();
        }
        listener.idle(this);
    }

    private void warning(String code) {
        // Warnings carry free text too; only the code is logged.
        LOGGER.info(() -> "Deepgram socket #" + id + " warned: " + ProviderErrors.safeCode(code));
        if (!DeepgramErrors.EXCESSIVE_FLUSH.equals(code)) {
            return;
        }
        DeepgramRequest request;
        lock.lock();
        try {
            request = state == State.SPEAKING && !responded ? current : null;
        } finally {
            lock.unlock();
        }
        if (request != null) {
            // The flush was refused: the request would wait for audio that never comes.
            request.inbox().fail(DeepgramErrors.excessiveFlush());
            cancel(request);
        }
    }

    private void error(String code) {
        DeepgramRequest request;
        lock.lock();
        try {
            request = state == State.SPEAKING ? current : null;
            current = null;
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
        LOGGER.fine(() -> "Deepgram socket #" + id + " sent an error: " + ProviderErrors.safeCode(code));
        if (request != null) {
            request.inbox().fail(DeepgramErrors.error(code));
        }
        // After an error the socket's state is unknown: never reuse it.
        ProviderSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    /** Ends the socket's part in a request, if it still carries it; the caller then reports it. */
    private boolean settle(DeepgramRequest request, State next) {
        lock.lock();
        try {
            if (state != State.SPEAKING || current != request) {
                return false;
            }
            current = null;
            state = next;
            idleSince = System.nanoTime();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean carries(DeepgramRequest request) {
        lock.lock();
        try {
            return state == State.SPEAKING && current == request;
        } finally {
            lock.unlock();
        }
    }

    private void clearTimedOut() {
        lock.lock();
        try {
            if (state != State.CLEARING) {
                return;
            }
        } finally {
            lock.unlock();
        }
        LOGGER.fine(() -> "Deepgram socket #" + id + ": no Cleared within " + CLEAR_TIMEOUT.toMillis()
                + " ms, closing");
        socket.abort();
    }

    private void cancelClearDeadline() {
        if (clearDeadline != null) {
            clearDeadline.cancel(false);
            clearDeadline = null;
        }
    }

    private void runAsync(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The provider is closing: cut the socket instead of talking to Deepgram.
            socket.abort();
        }
    }

    /**
     * Describes the socket for logs.
     *
     * @return its number and settings
     */
    @Override
    public String toString() {
        return "DeepgramConnection#" + id + "[" + settings + "]";
    }
}
