package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * Cartesia as one gateway connection sees it: a single WebSocket, opened on the first request and
 * shared by all later ones (each on its own context), reopened when Cartesia closed it.
 * Continuations ({@link #openContinuation()}) share it too, one context per utterance.
 *
 * <p>Two requests may be opened at once (the next is synthesized while the current plays); the
 * first opens the socket and the second waits for it rather than opening another.
 */
final class CartesiaSession implements ProviderSession {

    /**
     * A socket quiet for this long is replaced instead of reused: Cartesia closes sockets idle for 5
     * minutes, and a request sent as that close frame is on its way would be lost.
     */
    static final Duration IDLE_REPLACE = Duration.ofMinutes(4);
    /** Beyond the connect timeout, time to wait for another thread's connect (it waits 1 s more) and close. */
    private static final Duration CONNECT_LOCK_MARGIN = Duration.ofSeconds(3);
    private static final Logger LOGGER = Logger.getLogger(CartesiaSession.class.getName());

    private final CartesiaProvider provider;
    private final ReentrantLock connectLock = new ReentrantLock();
    private final long lockTimeoutNanos;
    private volatile CartesiaConnection connection;
    /** Replaced sockets still carrying requests; closed when those end, or with the session. */
    private final Set<CartesiaConnection> retiring = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates a session; nothing is opened until the first request.
     *
     * @param provider the provider that owns it
     */
    CartesiaSession(CartesiaProvider provider) {
        this.provider = provider;
        this.lockTimeoutNanos = provider.timeouts().connect().plus(CONNECT_LOCK_MARGIN).toNanos();
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        CartesiaGeneration generation = provider.generation(request);
        CartesiaContext context = start(generation);
        return new CartesiaStream(this, generation, context);
    }

    /**
     * Sends a generation, once more on a fresh socket if a reused one turned out dead when sending.
     *
     * @param generation what to say
     * @return the context
     * @throws ProviderException    when it cannot be sent
     * @throws InterruptedException when interrupted while connecting
     */
    CartesiaContext start(CartesiaGeneration generation) throws ProviderException, InterruptedException {
        return onSocket((connection, reused) -> connection.submit(generation, reused));
    }

    /**
     * Starts something on the session's socket, once more on a fresh socket if a reused one turned
     * out dead when sending.
     *
     * @param action what to start; it must not have sent anything that Cartesia could act on when
     *               it throws
     * @param <T>    what it returns
     * @return what the action returned
     * @throws ProviderException    when it cannot be started
     * @throws InterruptedException when interrupted while connecting
     */
    <T> T onSocket(SocketAction<T> action) throws ProviderException, InterruptedException {
        Lease lease = acquire(null);
        try {
            return action.start(lease.connection(), lease.reused());
        } catch (ProviderException e) {
            if (!lease.reused() || closed) {
                throw e;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled while sending to " + CartesiaProvider.NAME);
            }
            LOGGER.fine("Reused Cartesia socket was dead; sending on a new one");
            return onFreshSocket(lease.connection(), action);
        }
    }

    /**
     * Starts something on a socket other than a dead one; no further retry.
     *
     * @param dead   the socket that failed
     * @param action what to start
     * @param <T>    what it returns
     * @return what the action returned
     * @throws ProviderException    when it cannot be started
     * @throws InterruptedException when interrupted while connecting
     */
    <T> T onFreshSocket(CartesiaConnection dead, SocketAction<T> action)
            throws ProviderException, InterruptedException {
        Lease lease = acquire(dead);
        return action.start(lease.connection(), false);
    }

    /**
     * Sends a generation on a socket other than a dead one; no further retry.
     *
     * @param generation what to say
     * @param dead       the socket that failed
     * @return the context
     * @throws ProviderException    when it cannot be sent
     * @throws InterruptedException when interrupted while connecting
     */
    CartesiaContext retry(CartesiaGeneration generation, CartesiaConnection dead)
            throws ProviderException, InterruptedException {
        return onFreshSocket(dead, (connection, reused) -> connection.submit(generation, reused));
    }

    /**
     * One utterance whose segments all go to one Cartesia context (continuations with manual
     * flushes), on this session's socket.
     *
     * @return the continuation
     */
    @Override
    public Continuation openContinuation() {
        return new CartesiaContinuation(this, provider);
    }

    @Override
    public void close() {
        closed = true;
        CartesiaConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
        for (CartesiaConnection old : retiring) {
            old.close();
        }
        retiring.clear();
        provider.forget(this);
    }

    private Lease acquire(CartesiaConnection dead) throws ProviderException, InterruptedException {
        if (!connectLock.tryLock(lockTimeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, CartesiaProvider.NAME
                    + " connection did not open in time");
        }
        try {
            if (closed) {
                throw sessionClosed();
            }
            retiring.removeIf(old -> !old.isOpen());
            CartesiaConnection current = connection;
            if (current != null && (current == dead || !current.reusable(IDLE_REPLACE.toNanos()))) {
                connection = null;
                if (current == dead || !current.isOpen()) {
                    current.close();
                } else {
                    // Retired or idle but still carrying requests: let those finish on it.
                    retiring.add(current);
                    current.closeWhenDone();
                }
                current = null;
            }
            if (current != null) {
                return new Lease(current, true);
            }
            CartesiaConnection fresh = provider.connect();
            connection = fresh;
            if (closed) {
                // close() ran while connecting and saw no connection to close.
                connection = null;
                fresh.close();
                throw sessionClosed();
            }
            return new Lease(fresh, false);
        } finally {
            connectLock.unlock();
        }
    }

    private static ProviderException sessionClosed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, CartesiaProvider.NAME + " session is closed");
    }

    /**
     * Something started on a socket: a request or a continuation's context.
     *
     * @param <T> what starting it returns
     */
    @FunctionalInterface
    interface SocketAction<T> {
        /**
         * Starts it.
         *
         * @param connection the socket
         * @param reused     whether the socket served before, so that its death before any answer
         *                   may be a stale socket rather than a failure of the request
         * @return what was started
         * @throws ProviderException when it could not be sent
         */
        T start(CartesiaConnection connection, boolean reused) throws ProviderException;
    }

    /**
     * A socket handed to one request.
     *
     * @param connection the socket
     * @param reused     whether it was open before this request asked for it
     */
    private record Lease(CartesiaConnection connection, boolean reused) {
    }
}
