package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a fake server saw, in order: {@code connect}, {@code request:<id>}, {@code cancel:<id>},
 * {@code rejected:<why>}... Tests wait on it with a timeout instead of sleeping.
 */
public final class FakeEvents {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<String> events = new ArrayList<>();

    /**
     * Records an event.
     *
     * @param event what happened
     */
    public void add(String event) {
        lock.lock();
        try {
            events.add(event);
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * All events so far.
     *
     * @return a copy, in order
     */
    public List<String> all() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many events start with a prefix.
     *
     * @param prefix for example {@code connect}
     * @return the count
     */
    public int count(String prefix) {
        lock.lock();
        try {
            return (int) events.stream().filter(e -> e.startsWith(prefix)).count();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an event starting with a prefix was recorded.
     *
     * @param prefix  the prefix
     * @param timeout longest wait
     * @return the first matching event
     * @throws AssertionError       when none came in time (listing what did)
     * @throws InterruptedException when interrupted
     */
    public String await(String prefix, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (String event : events) {
                    if (event.startsWith(prefix)) {
                        return event;
                    }
                }
                if (remaining <= 0) {
                    throw new AssertionError("no event '" + prefix + "' within " + timeout + "; saw " + events);
                }
                remaining = added.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets everything recorded.
     */
    public void clear() {
        lock.lock();
        try {
            events.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} events start with a prefix.
     *
     * @param prefix  the prefix
     * @param count   how many
     * @param timeout the longest wait
     * @throws InterruptedException when interrupted
     */
    public void awaitCount(String prefix, int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (events.stream().filter(event -> event.startsWith(prefix)).count() < count) {
                if (remaining <= 0) {
                    throw new AssertionError(count + " events '" + prefix + "' not seen within " + timeout + "; saw "
                                                     + events);
                }
                remaining = added.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }
}
