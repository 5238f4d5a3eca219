package io.ttsgateway.session;

/**
 * A parsed, validated client message.
 */
sealed interface ClientMessage {

    /**
     * Speak a text.
     *
     * @param requestId client-chosen id, or {@code null}
     * @param text      the text, non-blank and within the length limit
     * @param voice     voice, or {@code null} for the default
     * @param provider  provider, or {@code null} for the default
     * @param format    format name, or {@code null} for the default
     * @param timestamps whether word timings are wanted
     */
    record Synthesize(String requestId, String text, String voice, String provider, String format, boolean timestamps)
            implements ClientMessage {

        /**
         * Never prints the text.
         *
         * @return a loggable description
         */
        @Override
        public String toString() {
            return "Synthesize[requestId=" + requestId + ", chars=" + text.length() + "]";
        }
    }

    /**
     * Stop one request, or all when {@code requestId} is {@code null}.
     *
     * @param requestId the request to stop, or {@code null} for all
     */
    record Cancel(String requestId) implements ClientMessage {
    }
}
