package io.ttsgateway.loadgen;

/**
 * The outcome of one planned request.
 *
 * @param failure    null when the server reported {@code completed}; otherwise the failure reason,
 *                   e.g. {@code done:failed:provider_timeout}, {@code error:queue_full}, {@code timeout}
 * @param ttfbNanos  time to the first audio byte, or {@link #NONE} when none arrived
 * @param totalNanos time from sending to the end of the request, or {@link #NONE} when never sent
 * @param audioBytes audio bytes received for it
 * @param endedAt    {@link System#nanoTime()} when the outcome was known
 * @param textCompleteNanos   for streamed input, time from the first {@code append} to sending {@code end};
 *                            {@link #NONE} for whole input or when {@code end} was never sent
 * @param firstAudioBeforeEnd whether the first audio arrived before {@code end} was sent: the point of
 *                            streaming input; always false for whole input
 */
public record RequestResult(String failure, long ttfbNanos, long totalNanos, long audioBytes, long endedAt,
                            long textCompleteNanos, boolean firstAudioBeforeEnd) {

    /** Marks a measurement that does not exist. */
    public static final long NONE = -1;

    /**
     * Whether the server completed the request.
     *
     * @return true for {@code done} with status {@code completed}
     */
    public boolean completed() {
        return failure == null;
    }

    /**
     * A request that was never sent.
     *
     * @param reason  why
     * @param endedAt when that became known
     * @return the result
     */
    public static RequestResult notSent(String reason, long endedAt) {
        return new RequestResult(reason, NONE, NONE, 0, endedAt, NONE, false);
    }
}
