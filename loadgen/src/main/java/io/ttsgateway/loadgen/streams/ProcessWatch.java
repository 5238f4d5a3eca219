package io.ttsgateway.loadgen.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Another process's CPU time and resident memory over the measured round only (not the warm-up,
 * nor this JVM's start), read from Linux's {@code /proc}: CPU from {@code /proc/<pid>/stat}'s
 * utime + stime via {@link ProcessHandle}, RSS from {@code /proc/<pid>/status}'s VmRSS, sampled
 * every {@link #SAMPLE_EVERY} for the peak.
 */
public final class ProcessWatch implements AutoCloseable {

    /** How often RSS is sampled for its peak. */
    static final Duration SAMPLE_EVERY = Duration.ofMillis(200);

    private final WatchedProcess process;
    private final long cpuBefore;
    private final long rssBefore;
    private final AtomicLong rssPeak;
    private final Thread sampler;

    /**
     * Starts watching.
     *
     * @param process which process
     */
    public ProcessWatch(WatchedProcess process) {
        this.process = process;
        this.cpuBefore = cpuNanos(process.pid());
        this.rssBefore = rssKib(process.pid());
        this.rssPeak = new AtomicLong(rssBefore);
        this.sampler = Thread.ofVirtual().name("watch-" + process.name()).start(this::sample);
    }

    private void sample() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                rssPeak.accumulateAndGet(rssKib(process.pid()), Math::max);
                Thread.sleep(SAMPLE_EVERY);
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    /**
     * Stops watching.
     *
     * @return the figures over the watched span
     * @throws InterruptedException when interrupted while the sampler stops
     */
    public ProcessUse stop() throws InterruptedException {
        sampler.interrupt();
        sampler.join(SAMPLE_EVERY.multipliedBy(5));
        long rssAfter = rssKib(process.pid());
        long peak = Math.max(rssPeak.get(), rssAfter);
        return new ProcessUse(process.name(), cpuNanos(process.pid()) - cpuBefore, rssBefore, peak, rssAfter);
    }

    @Override
    public void close() {
        sampler.interrupt();
    }

    /** utime + stime, or 0 when the process is gone. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    /** VmRSS in KiB, or 0 when the process is gone or this is not Linux. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported as 0
        }
        return 0;
    }
}
