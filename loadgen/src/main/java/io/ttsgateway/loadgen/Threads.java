package io.ttsgateway.loadgen;

import java.time.Duration;
import java.util.List;

/**
 * Joining many threads against one deadline.
 */
public final class Threads {

    private Threads() {
    }

    /**
     * Waits until every thread has ended or the deadline has passed.
     *
     * @param threads  threads to wait for
     * @param deadline {@link System#nanoTime()} to give up at
     * @return whether all ended
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static boolean joinUntil(List<Thread> threads, long deadline) throws InterruptedException {
        for (Thread thread : threads) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
                return threads.stream().noneMatch(Thread::isAlive);
            }
        }
        return true;
    }

    /**
     * Interrupts every thread still running.
     *
     * @param threads threads to stop
     */
    public static void interruptAll(List<Thread> threads) {
        threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
    }
}
