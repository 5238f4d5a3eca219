package io.ttsgateway.loadgen.streams;

import java.time.Duration;
import java.util.List;

/**
 * The wait between the warm-up and the measured round: until this process and the watched ones are
 * quiet, so the measured round does not share the cores with the JIT compilation and collection the
 * warm-up left queued (a JVM compiles for hundreds of milliseconds after a burst of new work).
 * Quiet: together under {@link #QUIET_SHARE} of one core over a {@link #WINDOW}.
 */
final class Settle {

    /** The span CPU use is measured over; /proc counts in 10 ms ticks. */
    static final Duration WINDOW = Duration.ofMillis(250);
    /** Share of one core under which the processes count as quiet. */
    static final double QUIET_SHARE = 0.10;

    private Settle() {
    }

    /**
     * Waits until quiet, or at most {@code max}.
     *
     * @param watched the other processes
     * @param max     longest wait; zero for none
     * @return how long it waited
     * @throws InterruptedException when interrupted
     */
    static Duration await(List<WatchedProcess> watched, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long before = cpuNanos(watched);
        while (deadline - System.nanoTime() > 0) {
            Thread.sleep(WINDOW);
            long now = cpuNanos(watched);
            if (now - before < QUIET_SHARE * WINDOW.toNanos()) {
                break;
            }
            before = now;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long cpuNanos(List<WatchedProcess> watched) {
        long sum = StreamsRun.cpuNanos();
        for (WatchedProcess process : watched) {
            sum += ProcessWatch.cpuNanos(process.pid());
        }
        return sum;
    }
}
