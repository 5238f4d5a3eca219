package io.ttsgateway.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.helidon.websocket.WsCloseCodes;

/**
 * The live sessions: enforces the session limit, keeps connections alive and finds dead ones, and
 * drains them on shutdown.
 *
 * <p>Every ping interval, a session the client has been silent on for an interval gets a ping
 * (browsers and most clients answer automatically, and the pong keeps Helidon's idle timeout from
 * cutting a long outbound stream); one silent for three intervals is aborted and its work freed.
 * Four times per write timeout, a session whose socket has taken nothing for the write timeout
 * while frames wait for it is closed as a client that stopped reading.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(SessionRegistry.class.getName());
    private static final int MISSED_PINGS_BEFORE_ABORT = 3;

    private final Set<TtsSession> sessions = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int maxSessions;
    private final long pingNanos;
    private final long writeNanos;
    private final long watchNanos;
    private final ScheduledExecutorService keepAlive;
    private volatile boolean draining;

    /**
     * Creates the registry and starts its keep-alive task.
     *
     * @param limits session limit, ping interval and stall timeout
     */
    public SessionRegistry(SessionLimits limits) {
        this.maxSessions = limits.maxSessions();
        this.pingNanos = limits.pingInterval().toNanos();
        this.writeNanos = limits.writeTimeout().toNanos();
        this.watchNanos = Math.clamp(writeNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("tts-keepalive")
                                                                            .factory());
        long period = Math.max(1, limits.pingInterval().toMillis());
        keepAlive.scheduleAtFixedRate(this::checkSessions, period, period, TimeUnit.MILLISECONDS);
        keepAlive.scheduleAtFixedRate(this::checkWriters, watchNanos, watchNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Open sessions.
     *
     * @return count
     */
    public int activeSessions() {
        return sessions.size();
    }

    /**
     * Whether the server is shutting down: new connections and requests are refused.
     *
     * @return true while draining
     */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Waits until the number of open sessions is at most {@code count}.
     *
     * @param count   the target
     * @param timeout longest wait
     * @return true when reached
     * @throws InterruptedException when interrupted
     */
    public boolean awaitActiveSessions(int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (sessions.size() > count) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts down gracefully: refuses new work, lets requests in flight finish within the grace
     * period, cancels what is left, then closes every socket with 1001 (going away).
     *
     * @param grace time requests in flight get
     * @return true when every request finished within the grace period
     */
    public boolean drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        boolean finished = true;
        try {
            for (TtsSession session : snapshot()) {
                RequestQueue queue = session.queue();
                if (queue != null && !queue.awaitEmpty(deadline - System.nanoTime())) {
                    finished = false;
                    queue.cancelAll();
                    queue.awaitEmpty(TimeUnit.SECONDS.toNanos(1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        List<TtsSession> left = snapshot();
        for (TtsSession session : left) {
            session.outbound().close(WsCloseCodes.GOING_AWAY, "server shutting down");
            session.end();
        }
        awaitClosed(left, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        LOGGER.info(finished ? "Drained: every request in flight finished"
                            : "Drain grace period over: remaining requests were cancelled");
        return finished;
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
    }

    boolean register(TtsSession session) {
        if (draining || sessions.size() >= maxSessions) {
            return false;
        }
        sessions.add(session);
        signal();
        return true;
    }

    void unregister(TtsSession session) {
        if (sessions.remove(session)) {
            signal();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private List<TtsSession> snapshot() {
        return new ArrayList<>(sessions);
    }

    /**
     * Waits until some session's socket has taken nothing for at least {@code blocked} while
     * frames wait for it (checked as often as writers are), for tests and diagnostics.
     *
     * @param blocked how long the write must have been blocked
     * @param timeout longest wait
     * @return true when such a session was seen
     * @throws InterruptedException when interrupted
     */
    public boolean awaitBlockedWrite(Duration blocked, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                for (TtsSession session : sessions) {
                    if (session.outbound().stalledNanos(now) >= blocked.toNanos()) {
                        return true;
                    }
                }
                if (now >= deadline) {
                    return false;
                }
                changed.awaitNanos(Math.min(deadline - now, watchNanos)); // checkWriters signals
            }
        } finally {
            lock.unlock();
        }
    }

    private static void awaitClosed(List<TtsSession> sessions, long deadline) {
        try {
            for (TtsSession session : sessions) {
                session.outbound().awaitClosed(deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkSessions() {
        long now = System.nanoTime();
        for (TtsSession session : snapshot()) {
            long silent = session.silentNanos(now);
            if (silent > MISSED_PINGS_BEFORE_ABORT * pingNanos || session.outbound().state() == Outbound.State.CLOSED) {
                // Off the scheduler thread: ending stops provider streams.
                Thread.ofVirtual().name("tts-abort").start(session::abort);
            } else if (silent > pingNanos) {
                session.outbound().ping();
            }
        }
    }

    private void checkWriters() {
        long now = System.nanoTime();
        for (TtsSession session : snapshot()) {
            if (!session.isEnded() && session.outbound().stalledNanos(now) > writeNanos) {
                Thread.ofVirtual().name("tts-slow-client").start(session::closeSlowClient);
            }
        }
        signal();
    }
}
