package io.ttsgateway.cartesia;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * One request as Cartesia's {@code GenerationRequest}, minus the {@code context_id}, which each
 * attempt draws afresh (a retry on a new socket must not collide with the dead one's context).
 *
 * <p>A continuation sends several inputs on one context, and Cartesia requires every field but
 * {@code transcript}, {@code continue} and {@code duration} to stay the same across them; all
 * messages of a context are therefore built from one generation ({@link #input}, {@link #flush},
 * {@link #end}), which differ only in those fields and the manual-flush flag.
 *
 * @param modelId            {@code model_id}
 * @param voiceId            {@code voice.id}
 * @param language           {@code language}, or {@code null} for the voice's own
 * @param transcript         {@code transcript}
 * @param output             {@code output_format}
 * @param timestamps         {@code add_timestamps}
 * @param speed              top-level {@code speed} ({@code slow|normal|fast}), or {@code null}
 * @param experimentalSpeed  {@code voice.__experimental_controls.speed} (-1.0..1.0), or {@code null}
 * @param config             {@code generation_config} entries (sonic-3 volume, speed, emotion), possibly empty
 */
record CartesiaGeneration(String modelId, String voiceId, String language, String transcript,
                          CartesiaOutputFormat output, boolean timestamps, String speed, Double experimentalSpeed,
                          Map<String, Object> config) {

    /** Setting key: language of the transcript, an ISO 639-1 code maybe with a region. */
    static final String LANGUAGE = SynthesisRequest.LANGUAGE;
    /**
     * Setting key: a speed factor (1.0 normal), mapped by {@link CartesiaSpeed}; {@code slow},
     * {@code normal} and {@code fast} are also taken and sent as the top-level {@code speed}.
     */
    static final String SPEED = SynthesisRequest.SPEED;
    /** Setting key: volume factor 0.5-2.0 (sonic-3). */
    static final String VOLUME = "volume";
    /** Setting key: emotion guide (sonic-3). */
    static final String EMOTION = "emotion";

    private static final Set<String> NAMED_SPEEDS = Set.of("slow", "normal", "fast");

    /**
     * Copies the map.
     *
     * @param modelId           model
     * @param voiceId           voice
     * @param language          language or {@code null}
     * @param transcript        text
     * @param output            output format
     * @param timestamps        whether word timestamps are wanted
     * @param speed             named speed or {@code null}
     * @param experimentalSpeed experimental speed control or {@code null}
     * @param config            generation config
     */
    CartesiaGeneration {
        config = Map.copyOf(config);
    }

    /**
     * Builds the generation of a gateway request.
     *
     * @param request the request
     * @param output  the raw format to ask for
     * @param voiceId voice used when the request names none
     * @param modelId model used when the request names none
     * @param version the API version in use, which decides the language list and the speed control
     * @return the generation
     * @throws ProviderException {@code INVALID_REQUEST} when a setting has no meaning for Cartesia or
     *                           the language is not one the version supports
     */
    static CartesiaGeneration of(SynthesisRequest request, CartesiaOutputFormat output, String voiceId,
                                 String modelId, String version) throws ProviderException {
        Map<String, String> settings = request.settings();
        String model = request.model() == null ? modelId : request.model();
        String language = CartesiaLanguages.resolve(settings.get(LANGUAGE), version);
        String named = null;
        Double experimental = null;
        Map<String, Object> config = new LinkedHashMap<>();
        String wantedSpeed = settings.get(SPEED);
        if (wantedSpeed != null) {
            String word = wantedSpeed.strip().toLowerCase(Locale.ROOT);
            if (NAMED_SPEEDS.contains(word)) {
                named = word;
            } else {
                CartesiaSpeed speed = CartesiaSpeed.of(positive(SPEED, wantedSpeed), model, version);
                named = speed.named();
                experimental = speed.experimental();
                if (speed.config() != null) {
                    config.put(SPEED, speed.config());
                }
            }
        }
        if (settings.containsKey(VOLUME)) {
            config.put(VOLUME, number(VOLUME, settings.get(VOLUME)));
        }
        if (settings.containsKey(EMOTION)) {
            config.put(EMOTION, settings.get(EMOTION).strip());
        }
        return new CartesiaGeneration(model, request.voice() == null ? voiceId : request.voice(), language,
                                      request.text(), output, request.timestamps(), named, experimental, config);
    }

    /**
     * Whether another generation differs from this one only in its transcript, so both may be
     * inputs of one context.
     *
     * @param other the other generation
     * @return true when every field but the transcript is equal
     */
    boolean sameContextAs(CartesiaGeneration other) {
        return withTranscript("").equals(other.withTranscript(""));
    }

    /**
     * The {@code GenerationRequest} of a whole request: the transcript with {@code continue: false}.
     *
     * @param mapper    JSON writer
     * @param contextId the context of this attempt
     * @return the JSON text
     */
    String toJson(ObjectMapper mapper, String contextId) {
        return message(mapper, contextId, transcript, false, false);
    }

    /**
     * An input of a continuation: this generation's fields with a segment's text and
     * {@code continue: true}.
     *
     * @param mapper    JSON writer
     * @param contextId the continuation's context
     * @param text      the segment's text, sent verbatim (Cartesia concatenates inputs as they are)
     * @return the JSON text
     */
    String input(ObjectMapper mapper, String contextId, String text) {
        return message(mapper, contextId, text, true, false);
    }

    /**
     * A manual flush: {@code transcript ""}, {@code continue: true}, {@code flush: true}, so Cartesia
     * generates what it has now and ends it with {@code flush_done}.
     *
     * @param mapper    JSON writer
     * @param contextId the continuation's context
     * @return the JSON text
     */
    String flush(ObjectMapper mapper, String contextId) {
        return message(mapper, contextId, "", true, true);
    }

    /**
     * The final input of a continuation: {@code transcript ""}, {@code continue: false}, after which
     * Cartesia ends the context with {@code done}.
     *
     * @param mapper    JSON writer
     * @param contextId the continuation's context
     * @return the JSON text
     */
    String end(ObjectMapper mapper, String contextId) {
        return message(mapper, contextId, "", false, false);
    }

    /**
     * The cancel message of a context.
     *
     * @param mapper    JSON writer
     * @param contextId the context
     * @return the JSON text
     */
    static String cancel(ObjectMapper mapper, String contextId) {
        ObjectNode message = mapper.createObjectNode();
        message.put("context_id", contextId);
        message.put("cancel", true);
        return message.toString();
    }

    private CartesiaGeneration withTranscript(String text) {
        return new CartesiaGeneration(modelId, voiceId, language, text, output, timestamps, speed, experimentalSpeed,
                                      config);
    }

    private String message(ObjectMapper mapper, String contextId, String text, boolean more, boolean flush) {
        ObjectNode message = mapper.createObjectNode();
        message.put("model_id", modelId);
        message.put("transcript", text);
        ObjectNode voice = message.putObject("voice");
        voice.put("mode", "id");
        voice.put("id", voiceId);
        if (experimentalSpeed != null) {
            voice.putObject("__experimental_controls").put("speed", experimentalSpeed);
        }
        if (language != null) {
            message.put("language", language);
        }
        message.put("context_id", contextId);
        ObjectNode format = message.putObject("output_format");
        format.put("container", "raw");
        format.put("encoding", output.encoding());
        format.put("sample_rate", output.sampleRate());
        if (timestamps) {
            message.put("add_timestamps", true);
        }
        if (speed != null) {
            message.put("speed", speed);
        }
        if (!config.isEmpty()) {
            message.set("generation_config", mapper.valueToTree(config));
        }
        message.put("continue", more);
        if (flush) {
            message.put("flush", true);
        }
        return message.toString();
    }

    private static double positive(String name, String value) throws ProviderException {
        double parsed = number(name, value);
        if (parsed <= 0) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, "cartesia setting '" + name
                    + "' must be positive");
        }
        return parsed;
    }

    private static double number(String name, String value) throws ProviderException {
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, without echoing the value
        }
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, "cartesia setting '" + name
                + "' must be a number");
    }

    /**
     * Never prints the transcript: it is spoken text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "CartesiaGeneration[model=" + modelId + ", voice=" + voiceId + ", language=" + language + ", chars="
                + transcript.length() + ", output=" + output.encoding() + "_" + output.sampleRate() + ", timestamps="
                + timestamps + "]";
    }
}
