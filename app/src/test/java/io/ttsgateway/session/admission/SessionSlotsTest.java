package io.ttsgateway.session.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ttsgateway.session.admission.SessionSlots.Reservation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session limit as one atomic reservation, and the close that refuses later sessions.
 */
class SessionSlotsTest {

    private static final int CAPACITY = 7;
    private static final int BURST = 500;

    @Test
    void aBurstOfSessionsNeverHoldsMoreSlotsThanThereAre() throws Exception {
        SessionSlots<Integer> slots = new SessionSlots<>(CAPACITY);
        CountDownLatch ready = new CountDownLatch(BURST);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        AtomicInteger mostSeen = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            int session = i;
            threads.add(Thread.ofVirtual().start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Reservation reservation = slots.reserve(session);
                mostSeen.accumulateAndGet(slots.held(), Math::max);
                (reservation == Reservation.TAKEN ? taken : full).incrementAndGet();
            }));
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS));
        go.countDown();
        for (Thread thread : threads) {
            assertTrue(thread.join(Duration.ofSeconds(10)));
        }
        assertEquals(CAPACITY, taken.get());
        assertEquals(BURST - CAPACITY, full.get());
        assertEquals(CAPACITY, mostSeen.get());
        assertEquals(CAPACITY, slots.held());
    }

    @Test
    void aReleasedSlotIsTakenAgain() {
        SessionSlots<String> slots = new SessionSlots<>(1);
        assertEquals(Reservation.TAKEN, slots.reserve("a"));
        assertEquals(Reservation.FULL, slots.reserve("b"));
        slots.release("a");
        slots.release("a"); // twice: nothing more is freed
        assertEquals(Reservation.TAKEN, slots.reserve("b"));
        assertEquals(Reservation.FULL, slots.reserve("c"));
    }

    @Test
    void closingRefusesLaterSessionsAndListsEveryHolder() {
        SessionSlots<String> slots = new SessionSlots<>(3);
        slots.reserve("a");
        slots.reserve("b");
        assertFalse(slots.isClosed());
        assertEquals(List.of("a", "b"), slots.close());
        assertTrue(slots.isClosed());
        assertEquals(Reservation.CLOSED, slots.reserve("c"));
        slots.release("a");
        assertEquals(List.of("b"), slots.holders());
    }

    @Test
    void aWaitForFewerSessionsEndsWhenOneLeaves() throws Exception {
        SessionSlots<String> slots = new SessionSlots<>(3);
        slots.reserve("a");
        slots.reserve("b");
        assertFalse(slots.awaitHeldAtMost(1, Duration.ofMillis(1)));
        Thread leaving = Thread.ofVirtual().start(() -> slots.release("b"));
        assertTrue(slots.awaitHeldAtMost(1, Duration.ofSeconds(10)));
        leaving.join();
    }
}
