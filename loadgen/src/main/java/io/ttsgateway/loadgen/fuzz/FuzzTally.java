package io.ttsgateway.loadgen.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a fuzz run sent and got, counted by all its connections at once. The faults are what must
 * stay zero: requests without a {@code done} (silent), ids the gateway never sent or answered
 * twice (corrupted), refused input without its error, closes with another code than the rule's,
 * anything else unexpected.
 */
public final class FuzzTally {

    private static final int SAMPLES = 20;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> samples = new ArrayList<>();

    /**
     * Counts one of something.
     *
     * @param name what
     */
    public void add(String name) {
        add(name, 1);
    }

    /**
     * Counts some of something.
     *
     * @param name   what
     * @param amount how many
     */
    public void add(String name, long amount) {
        counts.computeIfAbsent(name, key -> new LongAdder()).add(amount);
    }

    /**
     * Counts a fault and keeps the first few as samples.
     *
     * @param fault  its category: silent, corrupted, missing, unexpected
     * @param detail what happened
     */
    public void fault(String fault, String detail) {
        add("fault " + fault);
        synchronized (samples) {
            if (samples.size() < SAMPLES) {
                samples.add(fault + ": " + detail);
            }
        }
    }

    /**
     * A count.
     *
     * @param name what
     * @return how many, 0 when none
     */
    public long count(String name) {
        LongAdder adder = counts.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /**
     * The counts whose names start with a prefix, the prefix left out.
     *
     * @param prefix e.g. {@code "error "}
     * @return sorted by name
     */
    public Map<String, Long> counts(String prefix) {
        Map<String, Long> selected = new TreeMap<>();
        counts.forEach((name, adder) -> {
            if (name.startsWith(prefix)) {
                selected.put(name.substring(prefix.length()), adder.sum());
            }
        });
        return selected;
    }

    /**
     * All faults.
     *
     * @return their sum; 0 for a clean run
     */
    public long faults() {
        return counts("fault ").values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The first faults, described.
     *
     * @return up to 20
     */
    public List<String> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * The figures, one per line.
     *
     * @return text
     */
    public String report() {
        StringBuilder report = new StringBuilder();
        line(report, "messages sent", count("messages"));
        report.append("steps by kind: ").append(counts("sent ")).append('\n');
        line(report, "connections", count("connections"));
        line(report, "valid requests", count("requests"));
        report.append("dones by status: ").append(counts("done ")).append('\n');
        line(report, "refused messages", count("refused"));
        report.append("errors by code: ").append(counts("error ")).append('\n');
        line(report, "pings answered", count("pongs"));
        line(report, "bad frames sent", count("bad frames"));
        report.append("closes by code: ").append(counts("close ")).append('\n');
        line(report, "silent requests", count("fault silent"));
        line(report, "faults", faults());
        report.append("faults by kind: ").append(counts("fault ")).append('\n');
        samples().forEach(sample -> report.append("  ").append(sample).append('\n'));
        return report.toString();
    }

    private static void line(StringBuilder report, String name, long value) {
        report.append(name).append(": ").append(value).append('\n');
    }
}
