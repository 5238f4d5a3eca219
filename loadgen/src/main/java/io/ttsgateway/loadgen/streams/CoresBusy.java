package io.ttsgateway.loadgen.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How busy the machine's cores were, bin by bin over the measured round: the CPU time this process
 * and the watched ones took in each bin, over the bin's length times the cores this JVM may use
 * (a container's CPU quota included). A round's average hides a busy start behind an idle tail;
 * bins line up with the stutters' and say whether the cores were full when streams ran dry.
 */
final class CoresBusy {

    private final List<Long> pids;
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
        List<Long> all = new ArrayList<>();
        all.add(ProcessHandle.current().pid());
        watched.forEach(process -> all.add(process.pid()));
        this.pids = List.copyOf(all);
        this.binNanos = bin.toNanos();
        this.cores = Runtime.getRuntime().availableProcessors();
        this.binStart = System.nanoTime();
        this.cpuAtBinStart = cpuNanos();
        this.sampler = Thread.ofVirtual().name("cores-busy").start(this::sample);
    }

    private void sample() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long binEnd;
                synchronized (this) {
                    binEnd = binStart + binNanos;
                }
                TimeUnit.NANOSECONDS.sleep(binEnd - System.nanoTime());
                endBin();
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /** Closes the bin open now. */
    private synchronized void endBin() {
        long now = System.nanoTime();
        long cpu = cpuNanos();
        percents.add((int) Math.round(100.0 * (cpu - cpuAtBinStart) / ((double) (now - binStart) * cores)));
        cpuAtBinStart = cpu;
        binStart = now;
    }

    /**
     * Stops sampling; the bin open now ends here, shorter than the others.
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

    private long cpuNanos() {
        long sum = 0;
        for (long pid : pids) {
            sum += ProcessWatch.cpuNanos(pid);
        }
        return sum;
    }
}
