package io.ttsgateway.loadgen.streams;

import io.ttsgateway.loadgen.RequestTexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts every stream at once and follows them all on this thread ({@link SpeechStream}); first,
 * when asked, a warm-up round, so the measured streams run with this JVM's code already compiled.
 * Every stream opens a connection of its own, as a new caller does.
 */
public final class StreamsRun {

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
        SpeechStream stream = new SpeechStream(options.url(), options.apiKey(), options.model(), options.voice(),
                options.timeout(), Duration.ofMillis(options.bufferMs()).toNanos(), StreamsOptions.BYTES_PER_SECOND);
        Duration settled = Duration.ZERO;
        if (options.warmup() > 0) {
            // The same code as the measured round, samplers included: their first use (class loading,
            // lambdas spun, compilation) would otherwise share the cores with the measured streams' start.
            round(stream, texts(texts, options.warmup()), options, Duration.ZERO);
            settled = Settle.await(options.watch(), options.settle());
        }
        return round(stream, texts(texts, options.streams()), options, settled);
    }

    private static StreamsSummary round(SpeechStream stream, List<String> texts, StreamsOptions options,
                                        Duration settled) throws InterruptedException {
        List<ProcessWatch> watches = options.watch().stream().map(ProcessWatch::new).toList();
        CoresBusy busy = new CoresBusy(options.watch(), Duration.ofMillis(StreamsReport.STUTTER_BIN_MILLIS));
        long cpu0 = cpuNanos();
        long startedAtMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        List<StreamResult> results = stream.run(texts);
        long wall = System.nanoTime() - started;
        long cpu = cpuNanos() - cpu0;
        List<Integer> coresBusy = busy.stop();
        List<ProcessUse> used = new ArrayList<>(watches.size());
        for (ProcessWatch w : watches) {
            used.add(w.stop());
        }
        return new StreamsSummary(options, results, started, startedAtMillis, wall, cpu, used, settled,
                new CoreUse(busy.cores(), coresBusy));
    }

    private static List<String> texts(RequestTexts texts, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(texts.next());
        }
        return out;
    }

    /** This process's CPU time, user and system, or 0 where the platform does not tell. */
    static long cpuNanos() {
        return ProcessWatch.cpuNanos(ProcessHandle.current().pid());
    }
}
