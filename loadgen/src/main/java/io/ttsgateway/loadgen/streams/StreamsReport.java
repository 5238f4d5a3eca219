package io.ttsgateway.loadgen.streams;

import static java.lang.String.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttsgateway.loadgen.Json;
import io.ttsgateway.loadgen.Report;
import java.util.StringJoiner;

/**
 * Renders a {@link StreamsSummary}: a block for people and one {@code RESULT {json}} line for
 * scripts, durations in milliseconds. Neither shows the texts nor the API key.
 */
public final class StreamsReport {

    private static final double NANOS_PER_MILLI = 1e6;
    /** Width of the bins stutters are counted in over the run. */
    static final long STUTTER_BIN_MILLIS = 250;

    private StreamsReport() {
    }

    /**
     * The human-readable report.
     *
     * @param s the run
     * @return lines, ending with a newline
     */
    public static String text(StreamsSummary s) {
        StreamsOptions o = s.options();
        StringBuilder out = new StringBuilder();
        out.append(format("tts-loadgen streams (%s): %d stream(s) started together against %s://%s%s%n", o.label(),
                o.streams(), o.url().getScheme(), o.url().getAuthority(), o.url().getPath()));
        if (o.warmup() > 0 && !o.settle().isZero()) {
            out.append(format("  after the warm-up, waited %.1f s for the machine to go quiet (at most %d s)%n",
                    s.settled().toMillis() / 1e3, o.settle().toSeconds()));
        }
        out.append(format("  completed %d, failed %d %s%n", s.completed(), o.streams() - s.completed(), s.failures()));
        out.append(format("  first byte p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", ms(s.ttfb(50)), ms(s.ttfb(99)),
                ms(s.ttfb(100))));
        out.append(format("  audio %.1f s in %.1f s; stutters with a %d ms buffer: %d events, %d of %d streams,"
                + " %.0f ms silent in all%n", s.audioSeconds(), s.wallNanos() / 1e9, o.bufferMs(), s.stutters(),
                s.streamsWithStutter(), o.streams(), ms(s.silentNanos())));
        if (s.stutters() > 0) {
            StringJoiner bins = new StringJoiner(", ");
            s.stuttersOverTime(STUTTER_BIN_MILLIS).forEach((from, count) -> bins.add(format("%.2f-%.2f s: %d",
                    from / 1e3, (from + STUTTER_BIN_MILLIS) / 1e3, count)));
            out.append(format("  stutters by when the audio ran dry, from the start: %s%n", bins));
        }
        CoreUse cores = s.cores();
        if (!cores.percents().isEmpty()) {
            StringJoiner percents = new StringJoiner(" ");
            cores.percents().forEach(percent -> percents.add(String.valueOf(percent)));
            out.append(format("  cores busy (this process and the watched ones, of %d) per %d ms from the start: %s %%%n",
                    cores.cores(), STUTTER_BIN_MILLIS, percents));
        }
        out.append(format("  load generator CPU %.0f ms over the run, %.2f ms per stream-second of audio%n",
                ms(s.cpuNanos()), perAudioSecond(s, s.cpuNanos())));
        for (ProcessUse use : s.watched()) {
            out.append(format("  %s: CPU %.0f ms over the run, %.2f ms per stream-second of audio; RSS %d KiB before,"
                    + " %d KiB peak, %d KiB after%n", use.name(), ms(use.cpuNanos()), perAudioSecond(s, use.cpuNanos()),
                    use.rssBeforeKib(), use.rssPeakKib(), use.rssAfterKib()));
        }
        return out.toString();
    }

    /**
     * The machine-readable line.
     *
     * @param s the run
     * @return {@code RESULT {json}}
     */
    public static String json(StreamsSummary s) {
        ObjectNode node = Json.newObject()
                .put("label", s.options().label())
                .put("streams", s.options().streams())
                .put("completed", s.completed())
                .put("failed", s.options().streams() - s.completed())
                .put("ttfbP50Ms", ms(s.ttfb(50)))
                .put("ttfbP99Ms", ms(s.ttfb(99)))
                .put("ttfbMaxMs", ms(s.ttfb(100)))
                .put("audioSeconds", s.audioSeconds())
                .put("stutters", s.stutters())
                .put("streamsWithStutter", s.streamsWithStutter())
                .put("silentMs", ms(s.silentNanos()))
                .put("stutterBinMs", STUTTER_BIN_MILLIS)
                .put("settledMs", s.settled().toMillis())
                .put("bufferMs", s.options().bufferMs())
                .put("startEpochMs", s.startMillis())
                .put("wallMs", ms(s.wallNanos()))
                .put("loadgenCpuMs", ms(s.cpuNanos()));
        ObjectNode bins = node.putObject("stuttersOverTime");
        s.stuttersOverTime(STUTTER_BIN_MILLIS).forEach((from, count) -> bins.put(String.valueOf(from), count));
        node.put("cores", s.cores().cores()).put("coresBusiestPercent", s.cores().busiest());
        s.cores().percents().forEach(node.putArray("coresBusyOverTime")::add);
        for (ProcessUse use : s.watched()) {
            node.put(use.name() + "CpuMs", ms(use.cpuNanos()))
                    .put(use.name() + "RssBeforeKib", use.rssBeforeKib())
                    .put(use.name() + "RssPeakKib", use.rssPeakKib())
                    .put(use.name() + "RssAfterKib", use.rssAfterKib());
        }
        return Report.RESULT_PREFIX + Json.write(node);
    }

    /** CPU milliseconds per second of audio received, 0 when none was. */
    private static double perAudioSecond(StreamsSummary s, long cpuNanos) {
        return s.audioSeconds() > 0 ? cpuNanos / NANOS_PER_MILLI / s.audioSeconds() : 0;
    }

    private static double ms(long nanos) {
        return nanos < 0 ? -1 : Math.round(nanos / NANOS_PER_MILLI * 10) / 10.0;
    }
}
