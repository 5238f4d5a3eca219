package io.ttsgateway.loadgen;

/**
 * Measurements of one request between sending it and its outcome. Used by one session thread only.
 */
public final class PendingRequest {

    private final String id;
    private final long sentAt;
    private long clockStart;
    private long firstByteAt;
    private boolean started;
    private boolean firstByteSeen;
    private long textEndedAt;
    private boolean textEnded;
    private long audioBytes;

    /**
     * Starts measuring.
     *
     * @param id     request id on the wire
     * @param sentAt nano time just before its first message was handed to the socket
     */
    public PendingRequest(String id, long sentAt) {
        this.id = id;
        this.sentAt = sentAt;
        this.clockStart = sentAt;
    }

    /**
     * Request id on the wire.
     *
     * @return id
     */
    public String id() {
        return id;
    }

    /**
     * The previous request on the connection ended. Time to first byte and the timeout count from
     * the later of sending and that moment: a pipelined request cannot be served before the one
     * ahead of it, and the wait behind it is the server working on that one, not on this.
     *
     * @param at nano time of the previous request's done
     */
    public void previousEnded(long at) {
        if (at - clockStart > 0) {
            clockStart = at;
        }
    }

    /**
     * When the timeout and time to first byte start counting.
     *
     * @return nano time
     */
    public long clockStart() {
        return clockStart;
    }

    /** The server's {@code start} arrived. */
    public void started() {
        started = true;
    }

    /**
     * Whether the server's {@code start} arrived.
     *
     * @return true once started
     */
    public boolean isStarted() {
        return started;
    }

    /**
     * Audio arrived for this request.
     *
     * @param bytes size
     * @param at    arrival
     */
    public void audio(int bytes, long at) {
        if (!firstByteSeen) {
            firstByteSeen = true;
            firstByteAt = at;
        }
        audioBytes += bytes;
    }

    /**
     * The {@code end} of a streamed text is being sent: the text is complete.
     *
     * @param at nano time just before the message was handed to the socket
     */
    public void textEnded(long at) {
        if (!textEnded) {
            textEnded = true;
            textEndedAt = at;
        }
    }

    /**
     * The outcome, measured up to the given moment.
     *
     * @param failure null when completed, otherwise the reason
     * @param at      when the outcome became known
     * @return the result
     */
    public RequestResult finish(String failure, long at) {
        long ttfb = firstByteSeen ? firstByteAt - clockStart : RequestResult.NONE;
        long textComplete = textEnded ? textEndedAt - sentAt : RequestResult.NONE;
        // Both are arrival and send stamps, not when this thread got round to them.
        boolean audioBeforeEnd = firstByteSeen && textEnded && firstByteAt - textEndedAt < 0;
        return new RequestResult(failure, ttfb, at - sentAt, audioBytes, at, textComplete, audioBeforeEnd);
    }
}
