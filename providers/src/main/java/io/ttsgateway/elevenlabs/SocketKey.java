package io.ttsgateway.elevenlabs;

/**
 * What a multi-context socket is bound to: voice, model and output format are query and path
 * parameters of its URL, so requests differing in any of them need sockets of their own.
 *
 * @param voice        the voice id
 * @param model        the normalized model id
 * @param outputFormat the {@code output_format}
 */
record SocketKey(String voice, String model, String outputFormat) {

    /**
     * The path and query of the socket, under the base URL.
     *
     * @return {@code /v1/text-to-speech/{voice}/multi-stream-input?...}
     */
    String pathAndQuery() {
        // Voice and model ids were checked to be plain identifiers: nothing to escape.
        return "/v1/text-to-speech/" + voice + "/multi-stream-input?model_id=" + model + "&output_format="
                + outputFormat + "&inactivity_timeout=" + ElevenLabsProvider.INACTIVITY_TIMEOUT_SECONDS;
    }
}
