package io.ttsgateway.loadgen.streams;

import io.ttsgateway.loadgen.RequestTexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts every stream at once, each on a virtual thread of its own, and waits for all of them;
 * first, when asked, a warm-up round, so the measured streams run with this JVM's code already
 * compiled. Every stream opens a connection of its own, as a new caller does.
 */
public final class StreamsRun {

    /** Beyond a stream's timeout, how long the run waits for it before giving it up. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private StreamsRun() {
    }

    /**
     * Runs the streams.
     *
     * @param options what to run
     * @return the measured round's outcomes, with its wall time and this process's CPU time during it
     * @throws InterruptedException when interrupted
     */
    public static StreamsSummary execute(StreamsOptions options) throws InterruptedException {
        RequestTexts texts = new RequestTexts(options.text(), true);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Duration settled = Duration.ZERO;
            if (options.warmup() > 0) {
                round(options, options.warmup(), texts, threads, List.of(), Duration.ZERO);
                settled = Settle.await(options.watch(), options.settle());
            }
            return round(options, options.streams(), texts, threads, options.watch(), settled);
        }
    }

    private static StreamsSummary round(StreamsOptions options, int count, RequestTexts texts, ExecutorService threads,
                                        List<WatchedProcess> watch, Duration settled) throws InterruptedException {
        SpeechStream stream = new SpeechStream(options.url(), options.apiKey(), options.model(), options.voice(),
                options.timeout(), Duration.ofMillis(options.bufferMs()).toNanos(), StreamsOptions.BYTES_PER_SECOND);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<StreamResult>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String text = texts.next();
            futures.add(threads.submit(() -> {
                go.await();
                return stream.run(text);
            }));
        }
        List<ProcessWatch> watches = watch.stream().map(ProcessWatch::new).toList();
        long cpu0 = cpuNanos();
        long startedAtMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        go.countDown();
        // Every stream's own timeout runs from about this moment; a little more for the last reads.
        long deadline = started + options.timeout().plus(GRACE).toNanos();
        List<StreamResult> results = new ArrayList<>(count);
        for (Future<StreamResult> future : futures) {
            results.add(outcome(future, deadline));
        }
        long wall = System.nanoTime() - started;
        long cpu = cpuNanos() - cpu0;
        List<ProcessUse> used = new ArrayList<>(watches.size());
        for (ProcessWatch w : watches) {
            used.add(w.stop());
        }
        return new StreamsSummary(options, results, started, startedAtMillis, wall, cpu, used, settled);
    }

    private static StreamResult outcome(Future<StreamResult> future, long deadline) throws InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            return StreamResult.failed(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            future.cancel(true);
            return StreamResult.failed("timeout");
        }
    }

    /** This process's CPU time, user and system, or 0 where the platform does not tell. */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
