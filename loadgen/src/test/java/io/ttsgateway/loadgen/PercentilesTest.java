package io.ttsgateway.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentilesTest {

    private static final long[] ONE_TO_TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void nearestRankPicksTheSampleAtCeilingRank() {
        assertEquals(5, Percentiles.nearestRank(ONE_TO_TEN, 50));
        assertEquals(9, Percentiles.nearestRank(ONE_TO_TEN, 90));
        assertEquals(10, Percentiles.nearestRank(ONE_TO_TEN, 99));
        assertEquals(10, Percentiles.nearestRank(ONE_TO_TEN, 100));
        // Just past a rank boundary moves to the next sample; no interpolation.
        assertEquals(6, Percentiles.nearestRank(ONE_TO_TEN, 50.1));
    }

    @Test
    void zeroPercentileIsTheSmallest() {
        assertEquals(1, Percentiles.nearestRank(ONE_TO_TEN, 0));
    }

    @Test
    void singleSampleIsEveryPercentile() {
        long[] one = {42};
        assertEquals(42, Percentiles.nearestRank(one, 0));
        assertEquals(42, Percentiles.nearestRank(one, 50));
        assertEquals(42, Percentiles.nearestRank(one, 99));
        assertEquals(42, Percentiles.nearestRank(one, 100));
    }

    @Test
    void decimalPercentilesDoNotSkipARankThroughRoundingError() {
        long[] thousand = new long[1000];
        for (int i = 0; i < thousand.length; i++) {
            thousand[i] = i + 1;
        }
        assertEquals(999, Percentiles.nearestRank(thousand, 99.9));
        assertEquals(290, Percentiles.nearestRank(thousand, 29));
    }

    @Test
    void classicExample() {
        // The textbook nearest-rank example: {15, 20, 35, 40, 50}.
        long[] sorted = {15, 20, 35, 40, 50};
        assertEquals(15, Percentiles.nearestRank(sorted, 5));
        assertEquals(20, Percentiles.nearestRank(sorted, 30));
        assertEquals(20, Percentiles.nearestRank(sorted, 40));
        assertEquals(35, Percentiles.nearestRank(sorted, 50));
        assertEquals(50, Percentiles.nearestRank(sorted, 100));
    }

    @Test
    void rejectsNoSamplesAndOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[0], 50));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(ONE_TO_TEN, -1));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(ONE_TO_TEN, 100.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(ONE_TO_TEN, Double.NaN));
    }
}
