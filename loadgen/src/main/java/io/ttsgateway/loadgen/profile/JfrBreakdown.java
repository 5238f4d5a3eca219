package io.ttsgateway.loadgen.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a gateway's CPU went in a JFR recording (settings=profile): execution samples by
 * {@link StackRole}, the hottest methods, allocation by site, virtual threads pinned and GC pauses,
 * counted from a start instant so start-up is left out.
 */
public final class JfrBreakdown {

    private static final int TOP = 12;

    private final Map<StackRole, Integer> roles = new EnumMap<>(StackRole.class);
    private final Map<String, Integer> hotMethods = new HashMap<>();
    private final Map<String, Long> allocationSites = new HashMap<>();
    private int samples;
    private int pinned;
    private long allocatedBytes;
    private Duration pauses = Duration.ZERO;
    private int gcs;

    /**
     * Reads a recording.
     *
     * @param recording the .jfr file
     * @param from      events before this instant are skipped (null: none)
     * @return the breakdown
     * @throws IOException when the file cannot be read
     */
    public static JfrBreakdown of(Path recording, Instant from) throws IOException {
        JfrBreakdown breakdown = new JfrBreakdown();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (from == null || !event.getStartTime().isBefore(from)) {
                    breakdown.add(event);
                }
            }
        }
        return breakdown;
    }

    private void add(RecordedEvent event) {
        switch (event.getEventType().getName()) {
        case "jdk.ExecutionSample" -> {
            if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
                return;
            }
            samples++;
            roles.merge(StackRole.of(event.getStackTrace()), 1, Integer::sum);
            hotMethods.merge(name(event.getStackTrace().getFrames().getFirst()), 1, Integer::sum);
        }
        case "jdk.ObjectAllocationSample" -> {
            long weight = event.getLong("weight");
            allocatedBytes += weight;
            if (event.getStackTrace() != null && !event.getStackTrace().getFrames().isEmpty()) {
                allocationSites.merge(name(event.getStackTrace().getFrames().getFirst()), weight, Long::sum);
            }
        }
        case "jdk.VirtualThreadPinned" -> pinned++;
        case "jdk.GarbageCollection" -> {
            gcs++;
            pauses = pauses.plus(event.getDuration("sumOfPauses"));
        }
        default -> {
        }
        }
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** CPU samples per role. */
    Map<StackRole, Integer> roles() {
        return Map.copyOf(roles);
    }

    /** Prints the breakdown. */
    public void print(PrintStream out) {
        out.printf("CPU samples: %d%n", samples);
        roles.entrySet().stream().sorted(Map.Entry.<StackRole, Integer>comparingByValue().reversed())
                .forEach(e -> out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                                         e.getKey().label()));
        out.println("hottest methods (innermost frame):");
        hotMethods.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
        out.printf("allocation (sampled weight): %.0f MiB; by site:%n", allocatedBytes / 1048576.0);
        allocationSites.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, allocatedBytes),
                                         e.getKey()));
        out.printf("virtual threads pinned (over the recording's threshold): %d%n", pinned);
        out.printf("garbage collections: %d, pauses %d ms in all%n", gcs, pauses.toMillis());
    }
}
