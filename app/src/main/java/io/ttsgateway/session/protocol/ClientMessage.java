package io.ttsgateway.session.protocol;

/**
 * A parsed, validated client message. Text never appears in {@code toString()}: messages end up in
 * logs, spoken text must not.
 */
public sealed interface ClientMessage {

    /**
     * The client's id of the request the message is about.
     *
     * @return the id, or {@code null} when none was given
     */
    String requestId();

    /**
     * Speak a whole text.
     *
     * @param requestId client-chosen id, or {@code null}
     * @param text      the text, non-blank and within the length limit
     * @param options   how to speak it
     */
    record Synthesize(String requestId, String text, RequestOptions options) implements ClientMessage {

        @Override
        public String toString() {
            return "Synthesize[requestId=" + requestId + ", chars=" + text.length() + "]";
        }
    }

    /**
     * More text of a streamed request; the first append of an id opens the request.
     *
     * @param requestId the request, never {@code null}
     * @param text      the text, not empty (whitespace counts)
     * @param options   how to speak it; only the opening append may carry options
     */
    record Append(String requestId, String text, RequestOptions options) implements ClientMessage {

        @Override
        public String toString() {
            return "Append[requestId=" + requestId + ", chars=" + text.length() + "]";
        }
    }

    /**
     * Synthesize what a streamed request has buffered, without waiting for a sentence end.
     *
     * @param requestId the request, never {@code null}
     */
    record Flush(String requestId) implements ClientMessage {
    }

    /**
     * No more text for a streamed request.
     *
     * @param requestId the request, never {@code null}
     */
    record End(String requestId) implements ClientMessage {
    }

    /**
     * Stop one request, or all when {@code requestId} is {@code null}.
     *
     * @param requestId the request to stop, or {@code null} for all
     */
    record Cancel(String requestId) implements ClientMessage {
    }
}
