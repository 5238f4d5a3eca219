package io.ttsgateway.speech;

import java.util.List;

import io.ttsgateway.audio.AudioFormat;

/**
 * A {@code response_format} the gateway can produce: what the pipeline makes and what the client
 * is told it gets.
 *
 * @param name           OpenAI's name of the format
 * @param pipelineFormat the format the pipeline delivers
 * @param contentType    the response's content type
 */
record ResponseFormat(String name, AudioFormat pipelineFormat, String contentType) {

    /** OpenAI's rate for {@code pcm} and the one used for every format. */
    static final int RATE = 24_000;

    private static final List<ResponseFormat> SUPPORTED = List.of(
            new ResponseFormat("pcm", AudioFormat.pcm(RATE), "audio/pcm"),
            new ResponseFormat("wav", AudioFormat.parse("wav_" + RATE), "audio/wav"));

    /**
     * The format of a name.
     *
     * @param name the request's {@code response_format}
     * @return the format
     * @throws ApiError 400 naming the formats the gateway can produce
     */
    static ResponseFormat of(String name) throws ApiError {
        for (ResponseFormat format : SUPPORTED) {
            if (format.name().equals(name)) {
                return format;
            }
        }
        throw ApiError.invalid("response_format", "response_format '" + name + "' is not supported by this gateway;"
                + " use one of " + String.join(", ", names()) + ".");
    }

    /**
     * The names of the formats the gateway can produce.
     *
     * @return the names
     */
    static List<String> names() {
        return SUPPORTED.stream().map(ResponseFormat::name).toList();
    }
}
