package io.ttsgateway.loadgen.streams;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoresBusyTest {

    private static final Duration BIN = Duration.ofMillis(100);

    @Test
    void aThreadSpinningOnOneCoreShowsInTheBinsItSpunIn() throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long processCpuStart = StreamsRun.cpuNanos();
        CoresBusy busy = new CoresBusy(List.of(), BIN);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long spun = 0;
        // Spins until this thread alone has had 1 s of CPU: the bins, together, must hold at least that.
        while (threads.getCurrentThreadCpuTime() - cpuStart < TimeUnit.SECONDS.toNanos(1)) {
            spun++;
        }
        long wall = System.nanoTime() - wallStart;
        List<Integer> percents = busy.stop();
        double processCpuMillis = (StreamsRun.cpuNanos() - processCpuStart) / 1e6;

        assertTrue(percents.size() >= wall / BIN.toNanos(), percents.size() + " bins in " + wall + " ns");
        double coreMillis = 0;
        // A process's CPU time comes in 10 ms ticks: a whole bin may show up to a tick more than it had.
        double mostPerWholeBin = 100 + 100.0 * 10 / (BIN.toMillis() * busy.cores()) + 1;
        for (int i = 0; i < percents.size(); i++) {
            if (i < percents.size() - 1) {
                assertTrue(percents.get(i) <= mostPerWholeBin, "bin " + i + " of " + percents);
            }
            coreMillis += percents.get(i) / 100.0 * BIN.toMillis() * busy.cores();
        }
        // Whole bins of 100 ms and a shorter last one: summing them all as whole over-counts the last.
        assertTrue(coreMillis >= 900, coreMillis + " busy core-milliseconds in " + percents + " (spun " + spun + ")");
        // And no more than the process used, give or take the last bin counted whole.
        assertTrue(coreMillis <= processCpuMillis + BIN.toMillis() * busy.cores(),
                coreMillis + " busy core-milliseconds in " + percents + ", the process used " + processCpuMillis);
    }
}
