package io.ttsgateway.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Draining many sessions at once against one deadline per step, with sessions that finish, and
 * sessions that stay stuck whatever they are told.
 */
class SessionDrainTest {

    private static final int SESSIONS = 20;
    private static final Duration STEP = Duration.ofMillis(300);

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final SessionDrain drain = new SessionDrain(STEP, STEP);

    @Test
    void sessionsThatFinishInTheGracePeriodAreClosedWithoutACancel() {
        List<FakeSession> sessions = sessions(false);
        sessions.forEach(FakeSession::finish);
        assertTrue(drain.drain(sessions, Duration.ofSeconds(10)));
        assertEquals(0, count("cancel"));
        assertEquals(SESSIONS, count("away"));
    }

    @Test
    void stuckSessionsAreCancelledTogetherAndClosedTogetherAgainstOneDeadlinePerStep() {
        List<FakeSession> sessions = sessions(true);
        long started = System.nanoTime();
        assertFalse(drain.drain(sessions, STEP));
        long tookNanos = System.nanoTime() - started;

        List<String> order = new ArrayList<>(events);
        int lastCancel = order.indexOf("cancel " + (SESSIONS - 1));
        int firstWaitOver = order.indexOf("idle-timeout-after-cancel 0");
        assertTrue(0 <= lastCancel && lastCancel < firstWaitOver,
                   "every session was cancelled before the wait for any was over: " + order);
        assertEquals(SESSIONS, count("cancel"));
        assertEquals(SESSIONS, count("away"));
        // One at a time, the cancel and close steps alone would take a step per session.
        assertTrue(tookNanos < STEP.toNanos() * SESSIONS, "took " + TimeUnit.NANOSECONDS.toMillis(tookNanos) + " ms");
    }

    @Test
    void anInterruptedDrainStillClosesEverySession() {
        List<FakeSession> sessions = sessions(true);
        Thread.currentThread().interrupt();
        try {
            assertFalse(drain.drain(sessions, Duration.ofSeconds(10)));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(SESSIONS, count("away"));
    }

    private List<FakeSession> sessions(boolean stuck) {
        return IntStream.range(0, SESSIONS).mapToObj(i -> new FakeSession(i, stuck)).toList();
    }

    private long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix + " ")).count();
    }

    /** A session whose requests end when told to finish; a stuck one never ends, not even cancelled. */
    private final class FakeSession implements SessionDrain.Target {
        private final int id;
        private final boolean stuck;
        private final CountDownLatch idle = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean cancelled;

        FakeSession(int id, boolean stuck) {
            this.id = id;
            this.stuck = stuck;
        }

        void finish() {
            idle.countDown();
        }

        @Override
        public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
            boolean done = idle.await(timeoutNanos, TimeUnit.NANOSECONDS);
            if (!done && cancelled) {
                events.add("idle-timeout-after-cancel " + id);
            }
            return done;
        }

        @Override
        public void cancelAll() {
            cancelled = true;
            events.add("cancel " + id);
            if (!stuck) {
                idle.countDown();
            }
        }

        @Override
        public void goAway() {
            events.add("away " + id);
            if (!stuck) {
                closed.countDown();
            }
        }

        @Override
        public boolean awaitClosed(long timeoutNanos) throws InterruptedException {
            return closed.await(timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }
}
