package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A count that tests can wait for instead of sleeping.
 */
final class WaitableCount {

    private long value;

    synchronized void increment() {
        value++;
        notifyAll();
    }

    synchronized long get() {
        return value;
    }

    /**
     * Waits until the count reaches a value.
     *
     * @param count   the value
     * @param timeout at most this long
     * @return whether it did
     * @throws InterruptedException when interrupted
     */
    synchronized boolean await(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
