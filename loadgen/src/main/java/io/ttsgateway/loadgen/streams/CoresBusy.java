package io.ttsgateway.loadgen.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How busy the machine's cores were, bin by bin over the measured round: the CPU time this process
 * and the watched ones took in each bin, over the bin's length times the cores this JVM may use
 * (a container's CPU quota included). A round's average hides a busy start behind an idle tail;
 * bins end on a fixed grid from the start, as the stutters' do, and say whether the cores were full
 * when streams ran dry. Linux counts a process's CPU time in clock ticks (10 ms), so with three
 * processes a 250 ms bin on two cores is good to about 6 points either way: a full machine can
 * show 104 %.
 */
final class CoresBusy {

    private final long[] pids;
    private final long[] lastCpu;
    private final long startNanos;
    private final long binNanos;
    private final int cores;
    private final List<Integer> percents = new ArrayList<>();
    private final Thread sampler;
    private long binStart;
    private long cpuAtBinStart;

    /**
     * Starts sampling at the end of each bin from now on.
     *
     * @param watched the other processes; this one is counted too
     * @param bin     the bins' width
     */
    CoresBusy(List<WatchedProcess> watched, Duration bin) {
        this.pids = new long[watched.size() + 1];
        pids[0] = ProcessHandle.current().pid();
        for (int i = 0; i < watched.size(); i++) {
            pids[i + 1] = watched.get(i).pid();
        }
        this.lastCpu = new long[pids.length];
        this.binNanos = bin.toNanos();
        this.cores = Runtime.getRuntime().availableProcessors();
        this.startNanos = System.nanoTime();
        this.binStart = startNanos;
        this.cpuAtBinStart = cpuNanos();
        this.sampler = Thread.ofPlatform().daemon().name("cores-busy").start(this::sample);
    }

    private void sample() {
        try {
            for (long bin = 1; !Thread.currentThread().isInterrupted(); bin++) {
                // On a fixed grid, so a late wake-up does not shift the bins after it.
                TimeUnit.NANOSECONDS.sleep(startNanos + bin * binNanos - System.nanoTime());
                endBin();
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Closes the bin open now at this instant. */
    private synchronized void endBin() {
        long now = System.nanoTime();
        long cpu = cpuNanos();
        percents.add((int) Math.round(100.0 * (cpu - cpuAtBinStart) / ((double) (now - binStart) * cores)));
        cpuAtBinStart = cpu;
        binStart = now;
    }

    /**
     * Stops sampling; the bin open now ends here, shorter than the others, unless it is under a
     * tenth of a bin (too short to say anything).
     *
     * @return the busy percentage of each bin from the start, in order
     * @throws InterruptedException when interrupted while the sampler stops
     */
    List<Integer> stop() throws InterruptedException {
        sampler.interrupt();
        sampler.join(Duration.ofNanos(binNanos * 4));
        synchronized (this) {
            if (System.nanoTime() - binStart > binNanos / 10) {
                endBin();
            }
            return List.copyOf(percents);
        }
    }

    /**
     * The cores the figures are shares of.
     *
     * @return the count
     */
    int cores() {
        return cores;
    }

    /** The processes' CPU time; one that has exited counts with what it had used when last seen. */
    private long cpuNanos() {
        long sum = 0;
        for (int i = 0; i < pids.length; i++) {
            long cpu = ProcessWatch.cpuNanos(pids[i]);
            if (cpu > 0) {
                lastCpu[i] = cpu;
            }
            sum += lastCpu[i];
        }
        return sum;
    }
}
