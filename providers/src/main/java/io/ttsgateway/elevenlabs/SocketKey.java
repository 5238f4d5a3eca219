package io.ttsgateway.elevenlabs;

/**
 * What a multi-context socket is bound to: voice, model, output format and language are path and
 * query parameters of its URL, so requests differing in any of them need sockets of their own. Voice
 * settings (speed among them) travel in each context's first message instead, so requests that
 * differ only there share a socket, each context with its own settings.
 *
 * @param voice        the voice id
 * @param model        the normalized model id
 * @param outputFormat the {@code output_format}
 * @param language     the {@code language_code}, or {@code null} for none
 */
record SocketKey(String voice, String model, String outputFormat, String language) {

    /**
     * The path and query of the socket, under the base URL. Every socket asks for
     * {@code sync_alignment}, timing data with every audio chunk: word timings come from it, and a
     * streamed utterance's segments are told apart by it (see {@link ContextSegments}).
     *
     * @return {@code /v1/text-to-speech/{voice}/multi-stream-input?...}
     */
    String pathAndQuery() {
        // Voice, model and language were checked to be plain identifiers: nothing to escape.
        return "/v1/text-to-speech/" + voice + "/multi-stream-input?model_id=" + model + "&output_format="
                + outputFormat + "&inactivity_timeout=" + ElevenLabsProvider.INACTIVITY_TIMEOUT_SECONDS
                + "&sync_alignment=true" + (language == null ? "" : "&language_code=" + language);
    }
}
