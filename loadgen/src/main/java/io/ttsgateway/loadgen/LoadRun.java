package io.ttsgateway.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.concurrent.TimeUnit;

/**
 * One run: idle connections first, then every session on its own virtual thread, then the summary.
 * A deadline over the whole run backs up the per-step timeouts, so a bug cannot hang it.
 */
public final class LoadRun {

    /** Extra time on top of the worst case the per-step timeouts allow. */
    static final long DEADLINE_SLACK_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Time interrupted sessions get to record their outcomes. */
    static final long INTERRUPT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private LoadRun() {
    }

    /**
     * Runs the load described by the options and summarizes it, after its warm-up run if it has one:
     * the warm-up is not in the summary, except that its failed requests appear among the anomalies
     * as {@code warmup:<reason>}.
     *
     * @param options the run
     * @return the summary
     * @throws InterruptedException if the main thread is interrupted
     */
    public static Summary execute(Options options) throws InterruptedException {
        Results results = new Results();
        Options warmup = options.warmupRun();
        if (warmup != null) {
            once(warmup, new Results()).failures()
                    .forEach((reason, count) -> LongStream.range(0, count).forEach(i -> results.anomaly("warmup:" + reason)));
        }
        return once(options, results);
    }

    private static Summary once(Options options, Results results) throws InterruptedException {
        RequestTexts texts = new RequestTexts(options.text(), options.unique(), options.distinct());
        try (Connector connector = new Connector(options);
             IdleConnections idle = IdleConnections.open(connector, options.idle())) {
            long startedAt = System.nanoTime();
            long rampNanos = options.ramp().toNanos();
            List<Thread> sessions = new ArrayList<>(options.sessions());
            for (int i = 0; i < options.sessions(); i++) {
                long startAt = startedAt + rampNanos * i / options.sessions();
                SessionRunner runner = new SessionRunner(i + 1, startAt, options, connector, texts, results);
                sessions.add(Thread.ofVirtual().name("session-" + (i + 1)).start(runner));
            }
            boolean finished = Threads.joinUntil(sessions, startedAt + budgetNanos(options));
            if (!finished) {
                Threads.interruptAll(sessions);
                Threads.joinUntil(sessions, System.nanoTime() + INTERRUPT_GRACE_NANOS);
            }
            long finishedAt = System.nanoTime();
            // Snapshot before closing: the question is whether they survived the load.
            IdleSummary idleAtEnd = idle.snapshot();
            return Summary.of(options, results, startedAt, finishedAt, idleAtEnd, !finished);
        }
    }

    /**
     * The worst case the per-step timeouts allow one session: its ramp slot, connecting, and for
     * every request a bounded send plus a bounded wait, then the close.
     */
    private static long budgetNanos(Options options) {
        long timeout = options.timeout().toNanos();
        return options.ramp().toNanos() + Connector.CONNECT_TIMEOUT.toNanos()
                + 2L * options.requests() * timeout + Connection.CLOSE_TIMEOUT_NANOS + DEADLINE_SLACK_NANOS;
    }
}
