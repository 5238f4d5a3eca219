package io.ttsgateway.loadgen.streams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wait after a warm-up: over once the processes are quiet, and never longer than asked. */
class SettleTest {

    @Test
    void aQuietProcessSettlesLongBeforeTheBound() throws InterruptedException {
        Duration waited = Settle.await(List.of(), Duration.ofSeconds(20));
        assertTrue(waited.compareTo(Duration.ofSeconds(20)) < 0, "waited " + waited);
    }

    @Test
    void aBusyProcessIsWaitedForUntilTheBoundAndNoLonger() throws InterruptedException {
        AtomicBoolean spin = new AtomicBoolean(true);
        Thread busy = Thread.ofPlatform().start(() -> {
            while (spin.get()) {
                Thread.onSpinWait(); // a core's worth of CPU: never quiet
            }
        });
        try {
            Duration waited = Settle.await(List.of(), Duration.ofSeconds(1));
            assertTrue(waited.compareTo(Duration.ofSeconds(1)) >= 0, "waited " + waited);
            assertTrue(waited.compareTo(Duration.ofSeconds(3)) < 0, "waited " + waited);
        } finally {
            spin.set(false);
            busy.join();
        }
    }
}
