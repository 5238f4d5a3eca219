package io.ttsgateway.session.admission;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live sessions, at most a fixed number of them: a session takes a slot as it opens and gives
 * it back as it ends. Taking is one atomic step, so a burst of connections can never hold more
 * slots than there are; closing (the server is draining) refuses every later one in the same step
 * that lists the holders, so no session slips in unseen.
 *
 * @param <T> what holds a slot
 */
public final class SessionSlots<T> {

    /** What came of asking for a slot. */
    public enum Reservation {
        /** The slot is held until {@link #release}. */
        TAKEN,
        /** Every slot is held. */
        FULL,
        /** The server is draining: no more slots are given. */
        CLOSED
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<T> holders = new LinkedHashSet<>();
    private boolean closed;

    /**
     * Creates the slots, all free.
     *
     * @param capacity how many may be held at once
     */
    public SessionSlots(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Takes a slot when one is free and the slots are not closed.
     *
     * @param holder the session
     * @return {@link Reservation#TAKEN}, or why not
     */
    public Reservation reserve(T holder) {
        lock.lock();
        try {
            if (closed) {
                return Reservation.CLOSED;
            }
            if (holders.size() >= capacity) {
                return Reservation.FULL;
            }
            holders.add(holder);
            changed.signalAll();
            return Reservation.TAKEN;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a slot back. A holder without one is ignored.
     *
     * @param holder the session
     */
    public void release(T holder) {
        lock.lock();
        try {
            if (holders.remove(holder)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses every later reservation.
     *
     * @return the holders at that moment: every session that will ever hold a slot
     */
    public List<T> close() {
        lock.lock();
        try {
            closed = true;
            return List.copyOf(holders);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether reservations are refused.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The holders now.
     *
     * @return a copy, in the order the slots were taken
     */
    public List<T> holders() {
        lock.lock();
        try {
            return List.copyOf(holders);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many slots are held.
     *
     * @return the count
     */
    public int held() {
        lock.lock();
        try {
            return holders.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at most {@code count} slots are held.
     *
     * @param count   the target
     * @param timeout longest wait
     * @return true when reached
     * @throws InterruptedException when interrupted
     */
    public boolean awaitHeldAtMost(int count, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (holders.size() > count) {
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
}
