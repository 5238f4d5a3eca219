package io.ttsgateway.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading and checking the setting {@code TTS_SEGMENT_SCHEDULE}.
 */
class SegmentScheduleTest {

    @Test
    void theDefaultIsElevenLabsLike() {
        assertEquals(List.of(30, 80, 150, 250), SegmentSchedule.DEFAULT.thresholds());
        assertEquals(400, SegmentSchedule.DEFAULT.maxChars());
        assertEquals(SegmentSchedule.MAX_CHARS, SegmentSchedule.DEFAULT.maxChars());
        assertEquals(SegmentSchedule.DEFAULT, SegmentSchedule.parse("30,80,150,250"));
    }

    @Test
    void spacesAroundValuesAreIgnored() {
        assertEquals(new SegmentSchedule(List.of(10, 20, 20), 400), SegmentSchedule.parse(" 10 , 20,20 "));
        assertEquals(new SegmentSchedule(List.of(400), 400), SegmentSchedule.parse("400"));
    }

    @Test
    void theLastThresholdHoldsForEveryLaterSegment() {
        SegmentSchedule schedule = SegmentSchedule.parse("5,10");
        assertEquals(5, schedule.threshold(0));
        assertEquals(10, schedule.threshold(1));
        assertEquals(10, schedule.threshold(2));
        assertEquals(10, schedule.threshold(1000));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
            "''          | is empty",
            "'   '       | is empty",
            "a,b         | 'a' is not a whole number",
            "30,eighty   | 'eighty' is not a whole number",
            "1.5         | '1.5' is not a whole number",
            "'10,,20'    | has an empty value",
            "'10,'       | has an empty value",
            "0           | threshold 0 is outside 1..400",
            "-5          | threshold -5 is outside 1..400",
            "30,401      | threshold 401 is outside 1..400",
            "30,20       | must not decrease, but 20 follows 30",
            "10,80,50,90 | must not decrease, but 50 follows 80",
    })
    void badValuesAreExplained(String csv, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentSchedule.parse(csv));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void nullIsEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentSchedule.parse(null));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void theConstructorChecksToo() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentSchedule(List.of(), 400));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSchedule(List.of(10), 0));
        assertThrows(IllegalArgumentException.class, () -> new SegmentSchedule(List.of(50), 40));
        assertThrows(NullPointerException.class, () -> new SegmentSchedule(null, 400));
        assertThrows(NullPointerException.class, () -> new SegmentSchedule(Arrays.asList(10, null), 400));
    }

    @Test
    void theThresholdsAreCopied() {
        List<Integer> thresholds = new ArrayList<>(List.of(10, 20));
        SegmentSchedule schedule = new SegmentSchedule(thresholds, 400);
        thresholds.set(0, 99);
        assertEquals(List.of(10, 20), schedule.thresholds());
        assertThrows(UnsupportedOperationException.class, () -> schedule.thresholds().add(30));
    }
}
