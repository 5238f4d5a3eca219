package io.ttsgateway.speech;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.codec.Encoders;
import io.ttsgateway.audio.codec.StreamingEncoder;

/**
 * A {@code response_format} the gateway can produce: the PCM the pipeline delivers for it, and the
 * streaming encoder that turns that PCM into the format.
 *
 * @param name           OpenAI's name of the format
 * @param pipelineFormat the PCM the pipeline delivers (OpenAI's 24 kHz, or the rate the encoder takes)
 * @param contentType    the response's content type
 */
record ResponseFormat(String name, AudioFormat pipelineFormat, String contentType) {

    /** OpenAI's rate: {@code pcm} is always 24 kHz, and the other formats are asked for at it too. */
    static final int RATE = 24_000;
    /** Every supported format by its lower-case name, worked out once. */
    private static final Map<String, ResponseFormat> BY_NAME = Encoders.supported().stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), ResponseFormat::named));

    /**
     * The format of a name.
     *
     * @param name the request's {@code response_format}
     * @return the format
     * @throws ApiError 400 naming the formats the gateway can produce
     */
    static ResponseFormat of(String name) throws ApiError {
        ResponseFormat format = BY_NAME.get(name);
        if (format == null) {
            format = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        }
        if (format == null) {
            throw ApiError.invalid("response_format", "response_format '" + name + "' is not supported by this"
                    + " gateway; use one of " + String.join(", ", names()) + ".");
        }
        return format;
    }

    private static ResponseFormat named(String key) {
        int rate = Encoders.preferredRate(key, RATE).orElse(RATE);
        return new ResponseFormat(key, AudioFormat.pcm(rate), Encoders.contentType(key).orElseThrow());
    }

    /**
     * A new encoder for one response.
     *
     * @return the encoder, fed with {@link #pipelineFormat()}
     */
    StreamingEncoder encoder() {
        return Encoders.create(name, pipelineFormat.sampleRate()).orElseThrow();
    }

    /**
     * The names of the formats the gateway can produce.
     *
     * @return the names
     */
    static List<String> names() {
        return Encoders.supported().stream().sorted().toList();
    }
}
