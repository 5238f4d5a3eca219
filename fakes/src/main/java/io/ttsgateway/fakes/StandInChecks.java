package io.ttsgateway.fakes;

/**
 * What {@link OpenAiStandIn} refuses before it streams, with the error OpenAI would answer (the
 * same checks as {@link FakeOpenAi}'s), and what it cannot serve: only raw pcm is streamed.
 */
final class StandInChecks {

    private StandInChecks() {
    }

    /**
     * The refusal of a request, if any.
     *
     * @param request the request
     * @param apiKey  the key it must present
     * @return the error to answer, or null when the request may stream
     */
    static FakeOpenAiError refusal(FakeOpenAiHttp.Request request, String apiKey) {
        if (!request.method().equals("POST") || !request.path().equals(FakeOpenAi.SPEECH_PATH)) {
            return new FakeOpenAiError(404, "invalid_request_error", null, null,
                    "Invalid URL (" + request.method() + " " + request.path() + ")");
        }
        String authorization = request.header("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return FakeOpenAiError.missingKey();
        }
        String presented = authorization.substring(7).strip();
        if (!presented.equals(apiKey)) {
            return FakeOpenAiError.incorrectKey(presented);
        }
        FakeOpenAiSpeechRequest speech;
        try {
            speech = FakeOpenAiSpeechRequest.parse(request.header("content-type"), request.body());
        } catch (FakeOpenAiSpeechRequest.Rejected e) {
            return e.error();
        }
        if (!speech.responseFormat().equals("pcm") || !speech.streamFormat().equals("audio")) {
            return new FakeOpenAiError(501, "server_error", null, "response_format", "The stand-in streams raw pcm only");
        }
        return null;
    }
}
