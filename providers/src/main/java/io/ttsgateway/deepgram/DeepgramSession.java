package io.ttsgateway.deepgram;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * Deepgram as one client connection of the gateway sees it: a small pool of sockets per
 * {@link SocketSettings}. A request, or the segments of a streamed text
 * ({@link #openContinuation()}), is a {@link DeepgramUtterance} that takes an idle socket or opens
 * one, holds it while it speaks, and gives it back when its last audio ended ({@code Flushed}) or its
 * cancel was confirmed ({@code Cleared}); so consecutive requests share one socket, and a request
 * synthesized ahead while another plays gets a second one.
 *
 * <p>A request that finds no idle socket but one being cleared (its request was just cancelled) waits
 * up to {@link #CLEARED_WAIT} for it rather than opening another. Quiet sockets, pooled or held by an
 * utterance waiting for its next segment, are pinged every {@link #KEEP_ALIVE_INTERVAL}; pooled ones
 * are closed after {@link #MAX_IDLE}. One found closed is replaced before anything is sent on it, and
 * requests whose reused socket dies before Deepgram answered anything are sent once more on a new
 * socket.
 *
 * <p>A request waiting for audio pings its socket when it falls quiet (its {@link io.ttsgateway.provider.net.AudioInbox} probe):
 * the JDK's WebSocket client (25) can miss a peer's FIN that arrives between two messages (its
 * transport throws an {@code InternalError} acknowledging the end of input when no message was
 * requested), and then never reports the close. A ping on such a socket fails at the second try and
 * cuts it, which reports it; without the probe the request would only end at the stall timeout.
 */
final class DeepgramSession implements ProviderSession, DeepgramConnection.Listener {

    /** Idle sockets kept per settings: one for the request playing, one for the one synthesized ahead. */
    static final int MAX_IDLE_PER_SETTINGS = 2;
    /**
     * Interval of pings on idle sockets. Deepgram closes sockets it hears nothing from
     * ({@code NET-0001}; its speech-to-text API documents 10 seconds), so well below that.
     */
    static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(4);
    /** How often idle sockets are checked for keep-alive pings and expiry. */
    static final Duration WATCH_PERIOD = Duration.ofSeconds(1);
    /** Idle time after which a pooled socket is closed rather than kept alive. */
    static final Duration MAX_IDLE = Duration.ofSeconds(60);
    /**
     * Longest wait for a socket of the right settings that is being cleared (its request was just
     * cancelled) before opening a new one. {@code Cleared} normally comes within a round trip, sooner
     * than a new handshake, and a barge-in is usually followed at once by the next request.
     */
    static final Duration CLEARED_WAIT = Duration.ofSeconds(1);
    /** Pooled sockets tried before opening a new one, each found closed being discarded. */
    private static final int MAX_POOLED_TRIES = 4;

    private final DeepgramProvider provider;
    private final boolean singleUse;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a socket leaves the clearing state: pooled again, or closed. */
    private final Condition returned = lock.newCondition();
    private final Map<SocketSettings, ArrayDeque<DeepgramConnection>> idle = new HashMap<>();
    private final Set<DeepgramConnection> open = new HashSet<>();
    private final Set<DeepgramConnection> clearing = new HashSet<>();
    private ScheduledFuture<?> watch;
    private boolean closed;

    /**
     * Creates a session.
     *
     * @param provider  the provider: client, settings, executors
     * @param singleUse true for a request outside any session, whose socket closes when it ends
     */
    DeepgramSession(DeepgramProvider provider, boolean singleUse) {
        this.provider = provider;
        this.singleUse = singleUse;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        DeepgramUtterance utterance = new DeepgramUtterance(this, provider);
        try {
            AudioStream stream = utterance.open(request);
            utterance.finish();
            return stream;
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            utterance.close();
            throw e;
        }
    }

    /**
     * Starts an utterance whose segments are all spoken on one socket, each a {@code Speak} and a
     * {@code Flush} (see {@link DeepgramUtterance}).
     *
     * @return the continuation
     */
    @Override
    public Continuation openContinuation() {
        return new DeepgramUtterance(this, provider);
    }

    /**
     * Gives an utterance a socket of the right settings: an idle one (waiting a little for one being
     * cleared), or a new one.
     *
     * @param settings  the settings wanted
     * @param length    characters of the first request it will carry
     * @param holder    the utterance that will hold it
     * @param waitUntil {@link System#nanoTime()} after which a socket being cleared is not waited for
     * @return the socket, held by {@code holder}
     * @throws ProviderException    when no socket could be opened, or the session is closed
     * @throws InterruptedException when interrupted while waiting or connecting
     */
    DeepgramConnection acquire(SocketSettings settings, int length, DeepgramUtterance holder, long waitUntil)
            throws ProviderException, InterruptedException {
        for (int tries = 0; tries < MAX_POOLED_TRIES; tries++) {
            DeepgramConnection pooled = takeIdle(settings, length, waitUntil);
            if (pooled == null) {
                break;
            }
            // False when the socket closed between the pool and now: nothing was sent on it.
            if (pooled.hold(holder, true)) {
                return pooled;
            }
        }
        DeepgramConnection fresh = connect(settings);
        if (fresh.hold(holder, false)) {
            return fresh;
        }
        throw new ProviderException(ProviderErrorKind.UNAVAILABLE,
                                    DeepgramProvider.NAME + " closed the connection as soon as it was opened");
    }

    @Override
    public void idle(DeepgramConnection connection) {
        boolean keep;
        lock.lock();
        try {
            clearing.remove(connection);
            returned.signalAll();
            ArrayDeque<DeepgramConnection> pool = idle.computeIfAbsent(connection.settings(), k -> new ArrayDeque<>());
            keep = !closed && !singleUse && open.contains(connection) && pool.size() < MAX_IDLE_PER_SETTINGS
                    && connection.reusable();
            if (keep) {
                // Most recently used first: it is the one least likely to have been dropped.
                pool.addFirst(connection);
            }
        } finally {
            lock.unlock();
        }
        if (!keep) {
            connection.closeGracefully();
        }
    }

    @Override
    public void clearing(DeepgramConnection connection) {
        lock.lock();
        try {
            if (open.contains(connection)) {
                clearing.add(connection);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closed(DeepgramConnection connection) {
        lock.lock();
        try {
            open.remove(connection);
            if (clearing.remove(connection)) {
                returned.signalAll();
            }
            ArrayDeque<DeepgramConnection> pool = idle.get(connection.settings());
            if (pool != null) {
                pool.remove(connection);
            }
        } finally {
            lock.unlock();
        }
        if (singleUse) {
            provider.forget(this);
        }
    }

    /**
     * Closes every socket; requests in flight fail with {@link ProviderErrorKind#UNAVAILABLE}.
     */
    @Override
    public void close() {
        List<DeepgramConnection> all;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(open);
            open.clear();
            idle.clear();
            clearing.clear();
            returned.signalAll();
            if (watch != null) {
                watch.cancel(false);
                watch = null;
            }
        } finally {
            lock.unlock();
        }
        ProviderException error = new ProviderException(ProviderErrorKind.UNAVAILABLE,
                                                        DeepgramProvider.NAME + " session closed");
        for (DeepgramConnection connection : all) {
            connection.shutdown(error);
        }
        provider.forget(this);
    }

    /**
     * Takes an idle socket, waiting for one being cleared if that is the only one there is.
     *
     * @param settings  the settings wanted
     * @param length    characters of the request: a socket whose budget has not room for them stays
     *                  pooled for a smaller one
     * @param waitUntil {@link System#nanoTime()} after which a clearing socket is not waited for
     * @return the socket, or {@code null} to open a new one
     */
    private DeepgramConnection takeIdle(SocketSettings settings, int length, long waitUntil)
            throws InterruptedException {
        List<DeepgramConnection> stale = new ArrayList<>();
        DeepgramConnection found = null;
        lock.lockInterruptibly();
        try {
            while (found == null) {
                ArrayDeque<DeepgramConnection> pool = idle.get(settings);
                for (var it = pool == null ? null : pool.iterator(); it != null && it.hasNext(); ) {
                    DeepgramConnection candidate = it.next();
                    if (!candidate.reusable()) {
                        it.remove();
                        stale.add(candidate);
                    } else if (candidate.fits(length)) {
                        it.remove();
                        found = candidate;
                        break;
                    }
                }
                long remaining = waitUntil - System.nanoTime();
                if (found != null || closed || remaining <= 0
                        || clearing.stream().noneMatch(c -> c.settings().equals(settings))) {
                    break;
                }
                returned.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        // Found closed or too old: replaced before anything was sent on it.
        stale.forEach(DeepgramConnection::closeGracefully);
        return found;
    }

    private DeepgramConnection connect(SocketSettings settings) throws ProviderException, InterruptedException {
        checkOpen();
        DeepgramConnection connection = provider.connect(settings, this);
        lock.lock();
        try {
            if (!closed) {
                open.add(connection);
                scheduleWatch();
                return connection;
            }
        } finally {
            lock.unlock();
        }
        connection.closeGracefully();
        throw sessionClosed();
    }

    private void scheduleWatch() {
        if (watch == null) {
            try {
                long period = WATCH_PERIOD.toMillis();
                watch = provider.timer().scheduleAtFixedRate(this::watch, period, period, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The provider is closing; its sockets close with it.
            }
        }
    }

    /**
     * Closes pooled sockets idle too long, pings the other quiet ones (pooled, or held by an utterance
     * between two segments); stops ticking when no socket is open.
     */
    private void watch() {
        List<DeepgramConnection> expired = new ArrayList<>();
        List<DeepgramConnection> quiet = new ArrayList<>();
        lock.lock();
        try {
            for (ArrayDeque<DeepgramConnection> pool : idle.values()) {
                for (var it = pool.iterator(); it.hasNext(); ) {
                    DeepgramConnection connection = it.next();
                    if (!connection.reusable() || connection.idleNanos() > MAX_IDLE.toNanos()) {
                        it.remove();
                        expired.add(connection);
                    }
                }
            }
            for (DeepgramConnection connection : open) {
                if (!expired.contains(connection) && connection.quietNanos() >= KEEP_ALIVE_INTERVAL.toNanos()) {
                    quiet.add(connection);
                }
            }
            if (open.isEmpty() && watch != null) {
                watch.cancel(false);
                watch = null;
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(DeepgramConnection::closeGracefully);
        quiet.forEach(DeepgramConnection::ping);
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() throws ProviderException {
        if (isClosed()) {
            throw sessionClosed();
        }
    }

    private static ProviderException sessionClosed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, DeepgramProvider.NAME + " session closed");
    }
}
