package io.ttsgateway.loadgen;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a {@link Summary}: a block for people and one {@code RESULT {json}} line for scripts.
 * Durations are milliseconds in both. Neither shows the request text nor the API key.
 */
public final class Report {

    /** Prefix of the machine-readable line, so scripts can {@code grep '^RESULT '}. */
    public static final String RESULT_PREFIX = "RESULT ";

    private static final double NANOS_PER_MILLI = 1e6;
    /** Wide enough for the longest label, so the values line up. */
    private static final int LABEL_WIDTH = 36;

    private Report() {
    }

    /**
     * The human-readable report.
     *
     * @param summary the run
     * @return lines, ending with a newline
     */
    public static String text(Summary summary) {
        Options options = summary.options();
        StringBuilder out = new StringBuilder();
        boolean stream = options.input() == InputMode.STREAM;
        out.append(format("tts-loadgen: %s, %d session(s) x %d request(s)%s against %s%n",
                          options.mode().wireName(), options.sessions(), options.requests(),
                          textsNote(options), options.printableUrl()));
        out.append(stream
                ? format("  input: stream, %d word(s) per append every %d ms, then end%n",
                         options.tokensPerAppend(), options.tokenInterval().toMillis())
                : format("  input: whole text in one synthesize%n"));
        if (options.warmup() > 0) {
            out.append(format("  after a warm-up of %d request(s) per session in this process, not reported%n",
                              options.warmup()));
        }
        line(out, "sessions connected", format("%d / %d", summary.sessionsConnected(), options.sessions()));
        summary.sessionsLost().forEach((reason, count) -> line(out, "  ended by server: " + reason,
                                                               Long.toString(count)));
        line(out, "requests sent", format("%d / %d", summary.sent(), summary.planned()));
        line(out, "completed", Long.toString(summary.completed()));
        line(out, "failed", Long.toString(summary.failed()));
        summary.failures().forEach((reason, count) -> line(out, "  " + reason, Long.toString(count)));
        if (summary.failed() > 0) {
            line(out, "  failed after audio started", Long.toString(summary.failedAfterAudio()));
            line(out, "  time to failure without audio", latency(summary.refusals(), true));
        }
        line(out, stream ? "time to first byte (from 1st append)" : "time to first byte",
             latency(summary.ttfb(), true));
        if (stream) {
            line(out, "text complete (end sent)", latency(summary.textComplete(), true));
            line(out, "first audio before end", format("%d of %d completed", summary.firstAudioBeforeEnd(),
                                                       summary.completed()));
        } else {
            line(out, "text complete", "with the first message");
        }
        line(out, "total time to done", latency(summary.total(), false));
        line(out, "throughput", format("%.1f requests/s, %.1f audio s/s (%.2f MB audio)",
                                       summary.completedPerSecond(), summary.audioSecondsPerSecond(),
                                       summary.audioBytes() / 1e6));
        line(out, "wall time", format("%.2f s%s", summary.wallSeconds(),
                                      summary.stoppedAtDeadline() ? " (stopped at the run's deadline)" : ""));
        IdleSummary idle = summary.idle();
        if (idle.requested() > 0) {
            line(out, "idle connections", format("%d requested, %d opened, %d still open at end",
                                                 idle.requested(), idle.opened(), idle.openAtEnd()));
            idle.openFailures().forEach((reason, count) -> line(out, "  not opened: " + reason, Long.toString(count)));
            idle.ends().forEach((reason, count) -> line(out, "  ended: " + reason, Long.toString(count)));
        }
        if (!summary.anomalies().isEmpty()) {
            line(out, "protocol anomalies", "");
            summary.anomalies().forEach((kind, count) -> line(out, "  " + kind, Long.toString(count)));
        }
        return out.toString();
    }

    /**
     * The machine-readable line.
     *
     * @param summary the run
     * @return {@code RESULT {...}}, no newline
     */
    public static String json(Summary summary) {
        Options options = summary.options();
        IdleSummary idle = summary.idle();
        ObjectNode node = Json.newObject()
                .put("mode", options.mode().wireName())
                .put("sessions", options.sessions())
                .put("requestsPerSession", options.requests())
                .put("unique", options.unique())
                .put("distinct", options.distinct())
                .put("input", options.input().wireName())
                .put("warmupPerSession", options.warmup());
        if (options.input() == InputMode.STREAM) {
            node.put("tokenIntervalMs", options.tokenInterval().toMillis())
                    .put("tokensPerAppend", options.tokensPerAppend());
        }
        node.put("sessionsConnected", summary.sessionsConnected());
        counts(node, "sessionsLost", summary.sessionsLost());
        node.put("requestsPlanned", summary.planned())
                .put("requestsSent", summary.sent())
                .put("completed", summary.completed())
                .put("failed", summary.failed());
        counts(node, "failures", summary.failures());
        node.put("failedAfterAudio", summary.failedAfterAudio());
        latencyJson(node, "refusalMs", summary.refusals());
        latencyJson(node, "ttfbMs", summary.ttfb());
        latencyJson(node, "totalMs", summary.total());
        if (options.input() == InputMode.STREAM) {
            latencyJson(node, "textCompleteMs", summary.textComplete());
            node.put("firstAudioBeforeEnd", summary.firstAudioBeforeEnd());
        } else {
            node.putNull("textCompleteMs");
            node.putNull("firstAudioBeforeEnd");
        }
        number(node, "completedPerSecond", summary.completedPerSecond(), 3);
        number(node, "audioSecondsPerSecond", summary.audioSecondsPerSecond(), 3);
        node.put("audioBytes", summary.audioBytes());
        number(node, "wallSeconds", summary.wallSeconds(), 3);
        node.put("stoppedAtDeadline", summary.stoppedAtDeadline())
                .put("idleRequested", idle.requested())
                .put("idleOpened", idle.opened())
                .put("idleOpenAtEnd", idle.openAtEnd());
        counts(node, "idleOpenFailures", idle.openFailures());
        counts(node, "idleEnds", idle.ends());
        counts(node, "anomalies", summary.anomalies());
        return RESULT_PREFIX + Json.write(node);
    }

    private static String textsNote(Options options) {
        if (options.distinct() > 0) {
            return format(" (%d distinct texts%s)", options.distinct(), options.unique() ? ", unique to the run" : "");
        }
        return options.unique() ? " (unique texts)" : "";
    }

    private static String latency(Latency latency, boolean withP90) {
        if (latency == null) {
            return "no samples";
        }
        return withP90
                ? format("p50 %s  p90 %s  p99 %s  max %s ms", ms(latency.p50()), ms(latency.p90()),
                         ms(latency.p99()), ms(latency.max()))
                : format("p50 %s  p99 %s  max %s ms", ms(latency.p50()), ms(latency.p99()), ms(latency.max()));
    }

    private static void latencyJson(ObjectNode parent, String name, Latency latency) {
        if (latency == null) {
            parent.putNull(name);
            return;
        }
        ObjectNode node = parent.putObject(name).put("count", latency.count());
        number(node, "p50", latency.p50() / NANOS_PER_MILLI, 2);
        number(node, "p90", latency.p90() / NANOS_PER_MILLI, 2);
        number(node, "p99", latency.p99() / NANOS_PER_MILLI, 2);
        number(node, "max", latency.max() / NANOS_PER_MILLI, 2);
    }

    private static void counts(ObjectNode parent, String name, Map<String, Long> counts) {
        ObjectNode node = parent.putObject(name);
        counts.forEach(node::put);
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(format("  %-" + LABEL_WIDTH + "s %s%n", label, value));
    }

    private static String ms(long nanos) {
        return format("%.2f", nanos / NANOS_PER_MILLI);
    }

    /** Rounded to a fixed number of decimals, as the text report shows them; null when not finite. */
    private static void number(ObjectNode node, String name, double value, int decimals) {
        if (Double.isFinite(value)) {
            node.put(name, BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
        } else {
            node.putNull(name);
        }
    }

    /** Locale.ROOT: a comma decimal separator would break the JSON line. */
    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
