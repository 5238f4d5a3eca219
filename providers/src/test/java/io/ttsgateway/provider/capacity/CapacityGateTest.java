package io.ttsgateway.provider.capacity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CapacityGateTest {

    @Test
    void admitsUpToTheLimitThenRefusesAsBusyWithARetryHint() throws ProviderException {
        CapacityGate gate = new CapacityGate("engine", 2, () -> 0);
        Permit first = gate.admit();
        gate.admit();

        ProviderException busy = assertThrows(ProviderException.class, gate::admit);
        assertThat(busy.kind(), is(ProviderErrorKind.BUSY));
        assertThat(busy.retryable(), is(true));
        assertThat(busy.retryAfter().orElseThrow(), is(CapacityGate.FIRST_HINT));
        assertThat(gate.refused(), is(1L));
        assertThat(gate.admitted(), is(2));

        first.close();
        first.close(); // a second close frees nothing more
        assertThat(gate.admitted(), is(1));
        gate.admit();
        assertThrows(ProviderException.class, gate::admit);
        assertThat(gate.refused(), is(2L));
    }

    @Test
    void theRetryHintIsTheMeanHoldPerSlotWithinItsBounds() throws ProviderException {
        CapacityGate gate = new CapacityGate("engine", 4, () -> 0);
        gate.admit();
        gate.release(Duration.ofSeconds(2).toNanos());
        assertThat(gate.retryHint(), is(Duration.ofMillis(500)));
        gate.admit();
        gate.release(Duration.ofMinutes(10).toNanos()); // a huge hold moves the mean, the hint stays bounded
        assertThat(gate.retryHint(), is(CapacityGate.MAX_HINT));
    }

    @Test
    void aBurstNeverHoldsMoreThanTheLimit() throws Exception {
        int limit = 3;
        CapacityGate gate = new CapacityGate("engine", limit, () -> 0);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ConcurrentLinkedQueue<Permit> permits = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    permits.add(gate.admit());
                    most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                } catch (ProviderException | InterruptedException e) {
                    // refused: the count stays
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(10));
        }
        assertThat(permits.size(), is(limit));
        assertThat(most.get(), is(limit));
        assertThat(gate.refused(), is(64L - limit));
        permits.forEach(Permit::close);
        assertThat(gate.admitted(), is(0));
    }

    @Test
    void reportsTheQueueItIsGiven() {
        CapacityGate gate = new CapacityGate("engine", 1, () -> 7);
        assertThat(gate.queued(), is(7));
        assertThat(gate.limit(), is(1));
        assertThrows(IllegalArgumentException.class, () -> new CapacityGate("engine", 0, () -> 0));
    }
}
