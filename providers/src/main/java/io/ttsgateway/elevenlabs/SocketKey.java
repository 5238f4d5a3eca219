package io.ttsgateway.elevenlabs;

/**
 * What fixes a multi-context socket: voice, model, {@code output_format} and {@code language_code}
 * (or null) are in its URL. Voice settings, speed among them, go with each context instead, so
 * requests differing only there share a socket, never a context.
 */
record SocketKey(String voice, String model, String outputFormat, String language) {

    /** Inactivity timeout asked for, the most the API allows: a socket survives three idle minutes. */
    static final int INACTIVITY_TIMEOUT_SECONDS = 180;

    /** The socket a request needs. */
    static SocketKey of(ResolvedRequest request, OutputPlan plan) {
        return new SocketKey(request.voice(), request.model(), plan.outputFormat(), request.language());
    }

    /** The path and query; {@code sync_alignment} gives word timings and tells an utterance's segments apart. */
    String pathAndQuery() {
        // Voice, model and language were checked to be plain identifiers: nothing to escape.
        return "/v1/text-to-speech/" + voice + "/multi-stream-input?model_id=" + model + "&output_format="
                + outputFormat + "&inactivity_timeout=" + INACTIVITY_TIMEOUT_SECONDS + "&sync_alignment=true"
                + (language == null ? "" : "&language_code=" + language);
    }
}
