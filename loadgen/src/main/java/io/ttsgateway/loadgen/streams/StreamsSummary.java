package io.ttsgateway.loadgen.streams;

import io.ttsgateway.loadgen.Percentiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The outcomes of a run of streams, and the figures the report gives.
 *
 * @param options    what was run
 * @param results    one per stream
 * @param startNanos when the measured streams were started, {@link System#nanoTime()}
 * @param startMillis the same instant on the wall clock, milliseconds since the epoch
 * @param wallNanos  from that start to the last stream's end
 * @param cpuNanos   this process's CPU time over the same span
 * @param watched    the watched processes' use over the same span
 * @param settled    how long the run waited after the warm-up for the machine to go quiet
 * @param cores      how busy this process and the watched ones kept the cores over the same span
 */
public record StreamsSummary(StreamsOptions options, List<StreamResult> results, long startNanos, long startMillis,
                             long wallNanos, long cpuNanos, List<ProcessUse> watched, Duration settled,
                             CoreUse cores) {

    /**
     * A summary over copies of the lists.
     */
    public StreamsSummary {
        results = List.copyOf(results);
        watched = List.copyOf(watched);
    }

    /**
     * Streams that completed.
     *
     * @return the count
     */
    public long completed() {
        return results.stream().filter(StreamResult::completed).count();
    }

    /**
     * Failures by reason.
     *
     * @return reason to count, sorted by reason
     */
    public Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        results.stream().filter(r -> !r.completed()).forEach(r -> out.merge(r.failure(), 1L, Long::sum));
        return out;
    }

    /**
     * A percentile of time to first byte over the streams that had one.
     *
     * @param percentile 0 to 100
     * @return nanoseconds, or -1 when no stream had a first byte
     */
    public long ttfb(double percentile) {
        long[] sorted = results.stream().mapToLong(StreamResult::ttfbNanos).filter(t -> t >= 0).sorted().toArray();
        return sorted.length == 0 ? -1 : Percentiles.nearestRank(sorted, percentile);
    }

    /**
     * Audio received, all streams.
     *
     * @return bytes
     */
    public long audioBytes() {
        return results.stream().mapToLong(StreamResult::audioBytes).sum();
    }

    /**
     * Audio received, all streams, as playing time.
     *
     * @return seconds
     */
    public double audioSeconds() {
        return (double) audioBytes() / StreamsOptions.BYTES_PER_SECOND;
    }

    /**
     * Stutter events, all streams.
     *
     * @return the count
     */
    public long stutters() {
        return results.stream().mapToLong(StreamResult::stutters).sum();
    }

    /**
     * Streams a listener heard stop at least once.
     *
     * @return the count
     */
    public long streamsWithStutter() {
        return results.stream().filter(r -> r.stutters() > 0).count();
    }

    /**
     * Silence heard inside streams, all streams.
     *
     * @return nanoseconds
     */
    public long silentNanos() {
        return results.stream().mapToLong(StreamResult::silentNanos).sum();
    }

    /**
     * Stutters by when the listener ran dry, counted in bins from the start: stutters that
     * bunch in one bin across streams point at a pause of a process the audio went through.
     *
     * @param binMillis the bins' width
     * @return each bin's start in milliseconds from the start to its count, bins without a stutter left out
     */
    public SortedMap<Long, Long> stuttersOverTime(long binMillis) {
        SortedMap<Long, Long> bins = new TreeMap<>();
        for (StreamResult result : results) {
            for (long at : result.dryAt()) {
                long millis = Math.max(0, (at - startNanos) / 1_000_000);
                bins.merge(millis / binMillis * binMillis, 1L, Long::sum);
            }
        }
        return bins;
    }
}
