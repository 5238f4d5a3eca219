package io.ttsgateway.loadgen.streams;

import java.util.List;

/**
 * The outcome of one stream.
 *
 * @param failure     null when the whole body arrived with status 200, otherwise why not
 * @param ttfbNanos   from sending the request to the first audio byte, or -1 when none arrived
 * @param totalNanos  from sending the request to the end of the body (or the failure)
 * @param audioBytes  audio bytes received
 * @param dryAt       when a listener with the jitter buffer heard the audio stop, once per stutter
 *                    ({@link System#nanoTime()}; see {@link Playout})
 * @param silentNanos silence heard inside the stream, summed over its stutters
 */
public record StreamResult(String failure, long ttfbNanos, long totalNanos, long audioBytes, List<Long> dryAt,
                           long silentNanos) {

    /**
     * A result over a copy of the list.
     */
    public StreamResult {
        dryAt = List.copyOf(dryAt);
    }

    /**
     * Times a listener heard the audio stop.
     *
     * @return the count
     */
    public int stutters() {
        return dryAt.size();
    }

    /**
     * Whether the stream completed.
     *
     * @return true when it did
     */
    public boolean completed() {
        return failure == null;
    }
}
