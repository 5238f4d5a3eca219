package io.ttsgateway.loadgen.streams;

/**
 * The outcome of one stream.
 *
 * @param failure     null when the whole body arrived with status 200, otherwise why not
 * @param ttfbNanos   from sending the request to the first audio byte, or -1 when none arrived
 * @param totalNanos  from sending the request to the end of the body (or the failure)
 * @param audioBytes  audio bytes received
 * @param stutters    times a listener with the jitter buffer heard the audio stop (see {@link Playout})
 * @param silentNanos silence heard inside the stream, summed over its stutters
 */
public record StreamResult(String failure, long ttfbNanos, long totalNanos, long audioBytes, int stutters,
                           long silentNanos) {

    /**
     * Whether the stream completed.
     *
     * @return true when it did
     */
    public boolean completed() {
        return failure == null;
    }
}
