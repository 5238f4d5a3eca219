package io.ttsgateway;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Threads a unit test starts and controls: a check that one is parked (waiting on a lock or a
 * condition) instead of a sleep that hopes it got there, and a join with a bound.
 */
public final class Threads {

    /** Longest wait for something that happens at once on an idle machine. */
    public static final Duration BOUND = Duration.ofSeconds(10);

    private Threads() {
    }

    /**
     * Starts a platform thread.
     *
     * @param name   thread name
     * @param action what it runs
     * @return the started thread
     */
    public static Thread start(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Starts a platform thread that calls {@code action} and keeps what it returned or threw.
     *
     * @param name   thread name
     * @param action what it calls
     * @param result set to the value returned or the exception thrown
     * @return the started thread
     */
    public static Thread call(String name, Callable<?> action, AtomicReference<Object> result) {
        return start(name, () -> {
            try {
                result.set(action.call());
            } catch (Exception e) {
                result.set(e);
            }
        });
    }

    /**
     * {@link #call} that returns once the thread is parked: the call is blocked.
     *
     * @param name   thread name
     * @param action what it calls
     * @param result set to the value returned or the exception thrown
     * @return the started, parked thread
     */
    public static Thread blockedCall(String name, Callable<?> action, AtomicReference<Object> result) {
        Thread thread = call(name, action, result);
        awaitParked(thread);
        return thread;
    }

    /**
     * Waits until the thread is parked: blocked in a wait, not running and not finished.
     *
     * @param thread the thread
     */
    public static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (state == Thread.State.TERMINATED) {
                fail(thread.getName() + " finished instead of waiting");
            }
            if (System.nanoTime() > deadline) {
                fail(thread.getName() + " did not wait within " + BOUND.toSeconds() + " s; it is " + state);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    /**
     * Waits for the thread to finish.
     *
     * @param thread the thread
     * @throws InterruptedException when interrupted
     */
    public static void awaitFinished(Thread thread) throws InterruptedException {
        if (!thread.join(BOUND)) {
            fail(thread.getName() + " did not finish within " + BOUND.toSeconds() + " s");
        }
    }
}
