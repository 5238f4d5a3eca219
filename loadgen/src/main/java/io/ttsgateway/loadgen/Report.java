package io.ttsgateway.loadgen;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link Summary}: a block for people and one {@code RESULT {json}} line for scripts.
 * Durations are milliseconds in both. Neither shows the request text nor the API key.
 */
public final class Report {

    /** Prefix of the machine-readable line, so scripts can {@code grep '^RESULT '}. */
    public static final String RESULT_PREFIX = "RESULT ";

    private static final double NANOS_PER_MILLI = 1e6;

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
        out.append(format("tts-loadgen: %s, %d session(s) x %d request(s)%s against %s%n",
                          options.mode().wireName(), options.sessions(), options.requests(),
                          options.unique() ? " (unique texts)" : "", options.printableUrl()));
        line(out, "sessions connected", format("%d / %d", summary.sessionsConnected(), options.sessions()));
        summary.sessionsLost().forEach((reason, count) -> line(out, "  ended by server: " + reason,
                                                               Long.toString(count)));
        line(out, "requests sent", format("%d / %d", summary.sent(), summary.planned()));
        line(out, "completed", Long.toString(summary.completed()));
        line(out, "failed", Long.toString(summary.failed()));
        summary.failures().forEach((reason, count) -> line(out, "  " + reason, Long.toString(count)));
        line(out, "time to first byte", latency(summary.ttfb(), true));
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
        return RESULT_PREFIX + "{"
                + "\"mode\":" + Json.quote(options.mode().wireName())
                + ",\"sessions\":" + options.sessions()
                + ",\"requestsPerSession\":" + options.requests()
                + ",\"unique\":" + options.unique()
                + ",\"sessionsConnected\":" + summary.sessionsConnected()
                + ",\"sessionsLost\":" + counts(summary.sessionsLost())
                + ",\"requestsPlanned\":" + summary.planned()
                + ",\"requestsSent\":" + summary.sent()
                + ",\"completed\":" + summary.completed()
                + ",\"failed\":" + summary.failed()
                + ",\"failures\":" + counts(summary.failures())
                + ",\"ttfbMs\":" + latencyJson(summary.ttfb())
                + ",\"totalMs\":" + latencyJson(summary.total())
                + ",\"completedPerSecond\":" + number(summary.completedPerSecond())
                + ",\"audioSecondsPerSecond\":" + number(summary.audioSecondsPerSecond())
                + ",\"audioBytes\":" + summary.audioBytes()
                + ",\"wallSeconds\":" + number(summary.wallSeconds())
                + ",\"stoppedAtDeadline\":" + summary.stoppedAtDeadline()
                + ",\"idleRequested\":" + idle.requested()
                + ",\"idleOpened\":" + idle.opened()
                + ",\"idleOpenAtEnd\":" + idle.openAtEnd()
                + ",\"idleOpenFailures\":" + counts(idle.openFailures())
                + ",\"idleEnds\":" + counts(idle.ends())
                + ",\"anomalies\":" + counts(summary.anomalies())
                + "}";
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

    private static String latencyJson(Latency latency) {
        if (latency == null) {
            return "null";
        }
        return "{\"count\":" + latency.count()
                + ",\"p50\":" + ms(latency.p50())
                + ",\"p90\":" + ms(latency.p90())
                + ",\"p99\":" + ms(latency.p99())
                + ",\"max\":" + ms(latency.max()) + "}";
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(entry -> Json.quote(entry.getKey()) + ":" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(format("  %-30s %s%n", label, value));
    }

    private static String ms(long nanos) {
        return format("%.2f", nanos / NANOS_PER_MILLI);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? format("%.3f", value) : "null";
    }

    /** Locale.ROOT: a comma decimal separator would break the JSON line. */
    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
