import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a gateway recording's CPU samples and allocation went, from an instant on (the measured
 * rounds of scripts/request-cost.sh): the hottest methods by their own samples, the gateway's
 * methods (io.ttsgateway) by the samples they are on the stack of, and allocation by the gateway's
 * innermost method and by the allocating method.
 *   java scripts/RequestProfile.java RECORDING.jfr [FROM, an ISO-8601 instant] [TOP]
 */
public final class RequestProfile {

    private static final String OURS = "io.ttsgateway.";

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java scripts/RequestProfile.java RECORDING.jfr [FROM] [TOP]");
            System.exit(2);
        }
        Instant from = args.length > 1 ? Instant.parse(args[1]) : Instant.MIN;
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> allocatedBy = new HashMap<>();
        Map<String, Long> allocatedUnder = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (event.getStartTime().isBefore(from) || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            String name = event.getEventType().getName();
            if (name.equals("jdk.ExecutionSample")) {
                samples++;
                self.merge(method(frames.get(0)), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String method = method(frame);
                    if (method.startsWith(OURS) && seen.add(method)) {
                        inclusive.merge(method, 1L, Long::sum);
                    }
                }
            } else if (name.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocated += weight;
                String type = event.getClass("objectClass").getName();
                allocatedBy.merge(method(frames.get(0)) + " " + type, weight, Long::sum);
                String ours = frames.stream().map(RequestProfile::method).filter(m -> m.startsWith(OURS))
                        .findFirst().orElse("(none of ours)");
                allocatedUnder.merge(ours, weight, Long::sum);
            }
        }
        System.out.printf("%d CPU samples, %.1f MB allocated (sampled weight) from %s%n", samples, allocated / 1e6,
                          from);
        print("hottest methods, own samples", self, samples, top, "%");
        print("gateway methods, samples on the stack", inclusive, samples, top, "%");
        print("allocation by allocating method and type", allocatedBy, allocated, top, "%");
        print("allocation by the gateway's innermost method", allocatedUnder, allocated, top, "%");
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f %s  %s%n", 100.0 * e.getValue() / Math.max(1, total), unit,
                                                e.getKey()));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private RequestProfile() {
    }
}
