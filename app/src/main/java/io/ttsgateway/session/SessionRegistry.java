package io.ttsgateway.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.session.admission.SessionSlots.Reservation;
import io.ttsgateway.session.admission.SessionSlots;

/**
 * The live sessions: holds them in the {@link SessionSlots} that enforce the session limit, keeps
 * connections alive and finds dead ones, and drains them on shutdown ({@link SessionDrain}).
 *
 * <p>Every ping interval, a session the client has been silent on for an interval gets a ping
 * (browsers and most clients answer automatically, and the pong keeps Helidon's idle timeout from
 * cutting a long outbound stream); one silent for three intervals is aborted and its work freed.
 * Four times per write timeout, a session whose socket has taken nothing for the write timeout
 * while frames wait for it is closed as a client that stopped reading. A client that goes without
 * a close frame ends its session when its connection ends ({@code session.frames}), not here.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(SessionRegistry.class.getName());
    private static final int MISSED_PINGS_BEFORE_ABORT = 3;
    /** How long cancelled requests, then close frames, get at the end of a drain: all sessions together. */
    private static final Duration DRAIN_STEP = Duration.ofSeconds(1);

    private final SessionSlots<LiveSession> slots;
    private final SessionDrain drain = new SessionDrain(DRAIN_STEP, DRAIN_STEP);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition watched = lock.newCondition();
    private final long pingNanos;
    private final long writeNanos;
    private final long watchNanos;
    private final ScheduledExecutorService keepAlive;

    /**
     * Creates the registry and starts its keep-alive task.
     *
     * @param limits session limit, ping interval and write timeout
     */
    public SessionRegistry(SessionLimits limits) {
        this.slots = new SessionSlots<>(limits.maxSessions());
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
        return slots.held();
    }

    /**
     * Whether the server is shutting down: new connections and requests are refused.
     *
     * @return true while draining
     */
    public boolean isDraining() {
        return slots.isClosed();
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
        return slots.awaitHeldAtMost(count, timeout);
    }

    /**
     * Shuts down gracefully: refuses new work, lets requests in flight finish within the grace
     * period, cancels what is left, then closes every socket with 1001 (going away). All sessions
     * are drained at once.
     *
     * @param grace time requests in flight get
     * @return true when every request finished within the grace period
     */
    public boolean drain(Duration grace) {
        boolean finished = drain.drain(slots.close(), grace);
        LOGGER.info(finished ? "Drained: every request in flight finished"
                            : "Drain grace period over: remaining requests were cancelled");
        return finished;
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
                for (LiveSession session : slots.holders()) {
                    if (session.writeStalledNanos(now) >= blocked.toNanos()) {
                        return true;
                    }
                }
                if (now >= deadline) {
                    return false;
                }
                watched.awaitNanos(Math.min(deadline - now, watchNanos)); // checkWriters signals
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every session still holding a slot has ended, its socket maybe still open (a
     * client closed as not reading keeps its slot until its socket closes), for tests.
     *
     * @param timeout longest wait
     * @return true when none is left running
     * @throws InterruptedException when interrupted
     */
    public boolean awaitSessionsEnded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (slots.holders().stream().anyMatch(session -> !session.isEnded())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                watched.awaitNanos(Math.min(left, watchNanos)); // checkWriters signals
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        keepAlive.shutdownNow();
    }

    /**
     * Gives an opening session a slot.
     *
     * @return {@link Reservation#TAKEN}, or why the session is turned away
     */
    Reservation register(LiveSession session) {
        return slots.reserve(session);
    }

    void unregister(LiveSession session) {
        slots.release(session);
    }

    private void checkSessions() {
        long now = System.nanoTime();
        for (LiveSession session : slots.holders()) {
            long silent = session.silentNanos(now);
            if (silent > MISSED_PINGS_BEFORE_ABORT * pingNanos || session.socketClosed()) {
                // Off the scheduler thread: ending stops provider streams.
                Thread.ofVirtual().name("tts-abort").start(session::abort);
            } else if (silent > pingNanos) {
                session.ping();
            }
        }
    }

    private void checkWriters() {
        long now = System.nanoTime();
        for (LiveSession session : slots.holders()) {
            if (!session.isEnded() && session.writeStalledNanos(now) > writeNanos) {
                Thread.ofVirtual().name("tts-slow-client").start(session::closeSlowClient);
            }
        }
        lock.lock();
        try {
            watched.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
