package io.ttsgateway.loadgen;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a set of durations.
 *
 * @param count samples
 * @param p50   median, nanoseconds
 * @param p90   90th percentile, nanoseconds
 * @param p99   99th percentile, nanoseconds
 * @param max   largest, nanoseconds
 */
public record Latency(int count, long p50, long p90, long p99, long max) {

    /**
     * Summarizes samples.
     *
     * @param nanos durations in nanoseconds, any order; not modified
     * @return the percentiles, or null when there are no samples
     */
    public static Latency of(long[] nanos) {
        if (nanos.length == 0) {
            return null;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length,
                           Percentiles.nearestRank(sorted, 50),
                           Percentiles.nearestRank(sorted, 90),
                           Percentiles.nearestRank(sorted, 99),
                           sorted[sorted.length - 1]);
    }
}
