package io.ttsgateway.loadgen.streams;

import java.util.List;

/**
 * How busy the machine's cores were over a round, this process and the watched ones together.
 *
 * @param cores    the cores the shares are of
 * @param percents each bin's share, from the round's start, {@link StreamsReport#STUTTER_BIN_MILLIS} wide
 *                 (the last one shorter)
 */
public record CoreUse(int cores, List<Integer> percents) {

    /**
     * A use over a copy of the list.
     */
    public CoreUse {
        percents = List.copyOf(percents);
    }

    /**
     * The busiest whole bin's share: the last, shorter bin is left out, its figure being the least
     * precise (CPU time is counted in 10 ms ticks).
     *
     * @return percent, 0 when there is no whole bin
     */
    public int busiest() {
        return percents.stream().limit(Math.max(0, percents.size() - 1)).mapToInt(Integer::intValue).max().orElse(0);
    }
}
