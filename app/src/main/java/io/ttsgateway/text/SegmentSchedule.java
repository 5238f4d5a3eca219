package io.ttsgateway.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How long the segments of one streamed request must be before they may be cut, like ElevenLabs'
 * {@code chunk_length_schedule}: segment {@code i} (0-based) may be cut once it holds at least
 * {@code thresholds[min(i, size - 1)]} characters. Small first thresholds make the first audio come
 * early; larger later ones give the provider whole sentences to phrase well.
 *
 * @param thresholds least characters of each segment before a cut, non-decreasing, each
 *                   {@code 1..maxChars}; the last one holds for every later segment
 * @param maxChars   longest segment; a segment that grows past it is cut wherever it can be
 */
public record SegmentSchedule(List<Integer> thresholds, int maxChars) {

    /** Longest segment, in characters, of a schedule from {@link #parse(String)}. */
    public static final int MAX_CHARS = 400;

    /** The schedule of the setting {@code TTS_SEGMENT_SCHEDULE} when it is not set. */
    public static final SegmentSchedule DEFAULT = new SegmentSchedule(List.of(30, 80, 150, 250), MAX_CHARS);

    /**
     * Validates and copies the thresholds.
     *
     * @param thresholds least characters of each segment before a cut
     * @param maxChars   longest segment
     * @throws IllegalArgumentException when the list is empty, a value is outside {@code 1..maxChars},
     *                                  or the values decrease
     * @throws NullPointerException     when the list or one of its values is null
     */
    public SegmentSchedule {
        Objects.requireNonNull(thresholds, "thresholds");
        thresholds = List.copyOf(thresholds);
        if (maxChars < 1) {
            throw new IllegalArgumentException("segment schedule: maxChars must be at least 1, got " + maxChars);
        }
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("segment schedule: at least one threshold is needed");
        }
        int previous = 0;
        for (int threshold : thresholds) {
            if (threshold < 1 || threshold > maxChars) {
                throw new IllegalArgumentException("segment schedule: threshold " + threshold
                                                           + " is outside 1.." + maxChars + " characters");
            }
            if (threshold < previous) {
                throw new IllegalArgumentException("segment schedule: thresholds must not decrease, but "
                                                           + threshold + " follows " + previous);
            }
            previous = threshold;
        }
    }

    /**
     * Reads a schedule as written in the setting {@code TTS_SEGMENT_SCHEDULE}: comma-separated
     * character counts such as {@code 30,80,150,250}; spaces around the values are ignored. The
     * longest segment is {@link #MAX_CHARS}.
     *
     * @param csv the setting's value
     * @return the schedule
     * @throws IllegalArgumentException with a message that says what is wrong with the value
     */
    public static SegmentSchedule parse(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("segment schedule is empty; expected comma-separated character "
                                                       + "counts such as 30,80,150,250");
        }
        List<Integer> thresholds = new ArrayList<>();
        for (String item : csv.split(",", -1)) {
            String value = item.strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("segment schedule '" + csv + "' has an empty value; expected "
                                                           + "comma-separated character counts such as 30,80,150,250");
            }
            try {
                thresholds.add(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("segment schedule '" + csv + "': '" + value
                                                           + "' is not a whole number of characters");
            }
        }
        return new SegmentSchedule(thresholds, MAX_CHARS);
    }

    /**
     * The least characters segment {@code index} must hold before it may be cut.
     *
     * @param index 0-based segment index
     * @return its threshold
     */
    public int threshold(int index) {
        return thresholds.get(Math.min(index, thresholds.size() - 1));
    }
}
