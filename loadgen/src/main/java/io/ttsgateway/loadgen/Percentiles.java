package io.ttsgateway.loadgen;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Nearest-rank percentiles: the reported value is always one of the samples, never an
 * interpolation, so a p99 over few samples is honestly the worst (or near-worst) one observed.
 */
public final class Percentiles {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Percentiles() {
    }

    /**
     * The nearest-rank percentile of samples already sorted ascending: the value at rank
     * {@code ceil(p / 100 * n)} (1-based), with p = 0 meaning the smallest sample.
     *
     * @param sorted     samples in ascending order, any unit
     * @param percentile between 0 and 100 inclusive
     * @return the sample at that rank
     * @throws IllegalArgumentException if there are no samples or the percentile is out of range
     */
    public static long nearestRank(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be within [0, 100]: " + percentile);
        }
        // Decimal arithmetic: in binary floating point 99.9 * 1000 / 100 is not exactly 999 and
        // its ceiling would skip to the next rank.
        int rank = BigDecimal.valueOf(percentile)
                .multiply(BigDecimal.valueOf(sorted.length))
                .divide(HUNDRED, 0, RoundingMode.CEILING)
                .intValueExact();
        return sorted[Math.max(rank, 1) - 1];
    }
}
