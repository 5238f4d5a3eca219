package io.ttsgateway.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * One socket to {@code /v1/speak}, held by one utterance at a time ({@link DeepgramUtterance}: a
 * whole request, or a streamed text's segments). Deepgram has no request ids on this socket, only
 * order: each {@code Speak}+{@code Flush} sent is answered by its audio and then one
 * {@code Flushed}, one flush after the other. So the socket keeps the requests it flushed in a queue;
 * binary frames belong to the oldest, and {@code Flushed} ends it. A new request may be flushed
 * before the previous one's {@code Flushed} arrived. (Requests are matched by order rather than by
 * {@code sequence_id}, whose numbering across {@code Clear} and refused flushes is not documented.)
 *
 * <p>When the holder is cancelled, {@code Clear} drops everything queued; what still arrives up to
 * {@code Cleared} belongs to nobody and is dropped, and only then may the socket carry another
 * utterance. Flushes and characters are counted against Deepgram's limits ({@link SendBudget}); when Deepgram
 * refuses one anyway ({@code EXCESSIVE_FLUSH}), the refused request is handed back to its utterance
 * and the socket, whose buffer still holds that text, is not reused.
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
         * The socket's holder is done with it (or its cancel was confirmed): it can carry another.
         *
         * @param connection the socket
         */
        void idle(DeepgramConnection connection);

        /**
         * The socket's holder was cancelled; it is idle again at {@code Cleared}, soon.
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
    }

    /** What became of a request given to {@link #send(DeepgramRequest)}. */
    enum Sent {
        /**
         * Sent (or being cancelled, or lost with the socket: then its utterance hears of it through
         * {@link DeepgramUtterance#lost}).
         */
        SENT,
        /** Nothing sent: the socket has no flush, or not the characters, left in Deepgram's window. */
        NO_BUDGET,
        /** Nothing sent: the socket is no longer held by the request's utterance (closed, released). */
        NOT_HELD
    }

    /** Where the socket is in its cycle. */
    private enum State {
        /** Held by nobody; may be given to an utterance. */
        IDLE,
        /** Held by an utterance until it releases the socket and its last request is flushed. */
        HELD,
        /** Its holder was cancelled; waits for {@code Cleared}. */
        CLEARING,
        /** Closed or closing; never used again. */
        CLOSED
    }

    private final int id = IDS.incrementAndGet();
    private final SocketSettings settings;
    private final Listener listener;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final long createdNanos = System.nanoTime();
    private final ReentrantLock lock = new ReentrantLock();
    /** Held while a request's messages are sent, so that a {@code Clear} can only follow them. */
    private final ReentrantLock outbox = new ReentrantLock();
    private final DeepgramMessages messages;
    private volatile ProviderSocket socket;
    // Guarded by lock.
    private State state = State.IDLE;
    private DeepgramUtterance holder;
    /** Requests flushed and not yet answered by {@code Flushed}, oldest first. */
    private final ArrayDeque<DeepgramRequest> pending = new ArrayDeque<>();
    private final SendBudget budget = new SendBudget();
    /** The holder sends nothing more: the socket is idle once {@link #pending} is empty. */
    private boolean released;
    /** The socket carried something before (pooled, or a request answered in this holding). */
    private boolean warm;
    /** The oldest pending request has received audio. */
    private boolean headAudio;
    /** Deepgram's buffer may hold text no flush will speak (a refused flush's). */
    private boolean dirty;
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
     * Gives the idle socket to an utterance, which sends its requests on it until it
     * {@link #release releases} or {@link #cancel cancels} it.
     *
     * @param utterance the new holder
     * @param fromPool  whether the socket served before, so that one found dead may be replaced
     * @return false when the socket was not idle (it closed meanwhile)
     */
    boolean hold(DeepgramUtterance utterance, boolean fromPool) {
        lock.lock();
        try {
            if (state != State.IDLE) {
                return false;
            }
            state = State.HELD;
            holder = utterance;
            released = false;
            warm = fromPool;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a request: its {@code Speak} messages, then {@code Flush}. Returns once they are sent; the
     * audio goes to the request's inbox. A socket that fails while sending is cut, and the request
     * reported to its utterance as lost.
     *
     * @param request a request of the socket's holder
     * @return what became of it
     */
    Sent send(DeepgramRequest request) {
        lock.lock();
        try {
            if (state != State.HELD || holder != request.utterance() || released) {
                return Sent.NOT_HELD;
            }
            if (!budget.take(System.nanoTime(), request.length())) {
                return Sent.NO_BUDGET;
            }
            if (pending.isEmpty()) {
                headAudio = false;
            }
            // Queued before it is sent, so that its audio and Flushed find it.
            pending.addLast(request);
        } finally {
            lock.unlock();
        }
        ProviderSocket carrier = socket;
        request.inbox().probeWith(carrier::ping);
        outbox.lock();
        try {
            for (String message : request.messages()) {
                if (!carries(request)) {
                    // Cancelled meanwhile: its Clear follows what was sent.
                    return Sent.SENT;
                }
                carrier.send(message);
            }
            if (carries(request)) {
                carrier.send(DeepgramMessages.FLUSH);
            }
        } catch (ProviderException e) {
            // The socket is unusable; cutting it reports the request through onClosed.
            carrier.abort();
        } finally {
            outbox.unlock();
        }
        return Sent.SENT;
    }

    /**
     * The holder sends nothing more: the socket becomes idle once its last request is answered (now,
     * when none is pending). Does nothing when the utterance no longer holds the socket.
     *
     * @param utterance the holder
     */
    void release(DeepgramUtterance utterance) {
        boolean idleNow;
        lock.lock();
        try {
            if (state != State.HELD || holder != utterance) {
                return;
            }
            released = true;
            idleNow = idleIfDone();
        } finally {
            lock.unlock();
        }
        if (idleNow) {
            listener.idle(this);
        }
    }

    /**
     * Stops the holder's requests at Deepgram ({@code Clear}) after the gateway cancelled them. The
     * socket drops what still arrives for them and becomes idle at {@code Cleared}, or is closed when
     * that does not come within {@link #CLEAR_TIMEOUT}. A socket with nothing in flight is idle at once.
     * Does nothing when the utterance no longer holds the socket.
     *
     * @param utterance the cancelled holder
     */
    void cancel(DeepgramUtterance utterance) {
        boolean quiet;
        lock.lock();
        try {
            if (state != State.HELD || holder != utterance) {
                return;
            }
            holder = null;
            quiet = pending.isEmpty() && !dirty;
            pending.clear();
            if (quiet) {
                state = State.IDLE;
                idleSince = System.nanoTime();
            } else {
                state = State.CLEARING;
                try {
                    clearDeadline = timer.schedule(this::clearTimedOut, CLEAR_TIMEOUT.toMillis(),
                                                   TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    clearDeadline = null;
                }
            }
        } finally {
            lock.unlock();
        }
        if (quiet) {
            listener.idle(this);
            return;
        }
        LOGGER.fine(() -> "Deepgram socket #" + id + ": utterance cancelled, clearing");
        listener.clearing(this);
        // Off the caller's thread: a cancel comes from whoever closes a stream, and must not wait for a send.
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
     * Fails the requests in flight, if any, and closes the socket: {@code Close}, then a close frame.
     *
     * @param error what the requests in flight fail with
     */
    void shutdown(ProviderException error) {
        List<DeepgramRequest> lost;
        lock.lock();
        try {
            lost = new ArrayList<>(pending);
            pending.clear();
            holder = null;
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
        lost.forEach(request -> request.inbox().fail(error));
        closeGracefully();
    }

    /**
     * Closes an idle socket the way Deepgram asks: a {@code Close} message (after a {@code Clear} when
     * its buffer may hold text nobody wants spoken), then the close frame. Runs in the background,
     * bounded by the socket's send and close timeouts.
     */
    void closeGracefully() {
        boolean clear;
        lock.lock();
        try {
            if (state == State.IDLE) {
                state = State.CLOSED;
            }
            clear = dirty;
        } finally {
            lock.unlock();
        }
        runAsync(() -> {
            if (socket.isOpen()) {
                try {
                    if (clear) {
                        socket.send(DeepgramMessages.CLEAR);
                    }
                    socket.send(DeepgramMessages.CLOSE);
                } catch (ProviderException e) {
                    LOGGER.log(Level.FINE, "Deepgram socket #" + id + ": Close not sent", e);
                }
            }
            socket.close();
        });
    }

    /**
     * Sends a WebSocket ping in the background, so that a quiet socket is not dropped by Deepgram or
     * a proxy for silence.
     */
    void ping() {
        runAsync(socket::ping);
    }

    /**
     * Whether the socket can be given to an utterance now: open, idle, young enough, with a flush
     * left and nothing left over in Deepgram's buffer.
     *
     * @return true when reusable
     */
    boolean reusable() {
        lock.lock();
        try {
            long now = System.nanoTime();
            return state == State.IDLE && !dirty && socket.isOpen() && now - createdNanos < MAX_AGE.toNanos()
                    && budget.available(now, 0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the socket's budget has room for a request now.
     *
     * @param length the request's characters
     * @return true when a flush and that many characters are left in Deepgram's window
     */
    boolean fits(int length) {
        lock.lock();
        try {
            return budget.available(System.nanoTime(), length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long the socket has been idle.
     *
     * @return nanoseconds since its last holder let go of it, 0 when not idle
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
            request = state == State.HELD ? pending.peekFirst() : null;
            if (request == null) {
                // Audio of a cleared request, on its way before Deepgram saw the Clear.
                return;
            }
            headAudio = true;
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
        DeepgramUtterance owner;
        List<DeepgramRequest> lost;
        boolean stale;
        lock.lock();
        try {
            owner = state == State.HELD ? holder : null;
            lost = new ArrayList<>(pending);
            // Safe to send again only when Deepgram's answer to none of them was heard, on a socket
            // that had worked before (a fresh socket that dies is a failure, not a stale socket).
            stale = !lost.isEmpty() && warm && !headAudio;
            pending.clear();
            holder = null;
            state = State.CLOSED;
            cancelClearDeadline();
        } finally {
            lock.unlock();
        }
        String dgCode = DeepgramErrors.codeOf(reason);
        LOGGER.fine(() -> "Deepgram socket #" + id + " closed: " + code + (dgCode == null ? "" : " " + dgCode));
        listener.closed(this);
        if (owner != null) {
            owner.lost(this, lost, DeepgramErrors.closed(code, reason),
                       stale && DeepgramErrors.isStaleSocket(code, reason));
        } else {
            ProviderException error = DeepgramErrors.closed(code, reason);
            lost.forEach(request -> request.inbox().fail(error));
        }
    }

    private void flushed() {
        DeepgramRequest request;
        boolean idleNow;
        lock.lock();
        try {
            request = state == State.HELD ? pending.pollFirst() : null;
            if (request == null) {
                // A cleared request's flush, answered before the Clear arrived: Cleared follows.
                return;
            }
            headAudio = false;
            warm = true;
            idleNow = idleIfDone();
        } finally {
            lock.unlock();
        }
        if (idleNow) {
            // Pooled before the reader learns of the end, so that its next request finds the socket.
            listener.idle(this);
        }
        request.inbox().finish();
    }

    private void cleared() {
        lock.lock();
        try {
            if (state != State.CLEARING) {
                return;
            }
            state = State.IDLE;
            // Clear empties Deepgram's buffer, refused text included.
            dirty = false;
            idleSince = System.nanoTime();
            cancelClearDeadline();
        } finally {
            lock.unlock();
        }
        listener.idle(this);
    }

    /**
     * A warning. {@code EXCESSIVE_FLUSH} means Deepgram ignored a flush: that request's audio would
     * never come, and its text stays in Deepgram's buffer. The warning names no request; refusals hit
     * the newest flushes (the window was full when they arrived), so it is taken to refuse the newest
     * pending request that has no audio yet. That request goes back to its utterance (which sends it
     * once more on another socket), and this socket sends no further flush and is not reused.
     */
    private void warning(String code) {
        // Warnings carry free text too; only the code is logged.
        LOGGER.info(() -> "Deepgram socket #" + id + " warned: " + ProviderErrors.safeCode(code));
        if (!DeepgramErrors.EXCESSIVE_FLUSH.equals(code)) {
            return;
        }
        DeepgramUtterance owner;
        DeepgramRequest refused = null;
        boolean idleNow;
        lock.lock();
        try {
            budget.exhaust(System.nanoTime());
            dirty = true;
            owner = state == State.HELD ? holder : null;
            DeepgramRequest newest = pending.peekLast();
            // Only the oldest request can have audio, and audio means its flush was taken.
            if (newest != null && !(newest == pending.peekFirst() && headAudio)) {
                refused = pending.pollLast();
            }
            idleNow = owner != null && idleIfDone();
        } finally {
            lock.unlock();
        }
        if (idleNow) {
            listener.idle(this);
        }
        if (owner != null && refused != null) {
            owner.refused(refused);
        }
    }

    private void error(String code) {
        DeepgramUtterance owner;
        List<DeepgramRequest> failed;
        lock.lock();
        try {
            owner = state == State.HELD ? holder : null;
            failed = new ArrayList<>(pending);
            pending.clear();
            holder = null;
            state = State.CLOSED;
        } finally {
            lock.unlock();
        }
        LOGGER.fine(() -> "Deepgram socket #" + id + " sent an error: " + ProviderErrors.safeCode(code));
        if (owner != null) {
            owner.lost(this, failed, DeepgramErrors.error(code), false);
        }
        // After an error the socket's state is unknown: never reuse it.
        ProviderSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    /** With the lock held: frees a released socket whose last request was answered. */
    private boolean idleIfDone() {
        if (state != State.HELD || !released || !pending.isEmpty()) {
            return false;
        }
        state = State.IDLE;
        holder = null;
        idleSince = System.nanoTime();
        return true;
    }

    private boolean carries(DeepgramRequest request) {
        lock.lock();
        try {
            return state == State.HELD && pending.contains(request);
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
