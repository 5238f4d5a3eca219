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
 * @param modelId    {@code model_id}
 * @param voiceId    {@code voice.id}
 * @param language   {@code language}
 * @param transcript {@code transcript}
 * @param output     {@code output_format}
 * @param timestamps {@code add_timestamps}
 * @param speed      {@code speed} ({@code slow|normal|fast}), or {@code null}
 * @param config     {@code generation_config} entries (sonic-3 volume, speed, emotion), possibly empty
 */
record CartesiaGeneration(String modelId, String voiceId, String language, String transcript,
                          CartesiaOutputFormat output, boolean timestamps, String speed, Map<String, Object> config) {

    /** Setting key: language of the transcript. */
    static final String LANGUAGE = "language";
    /** Setting key: {@code slow|normal|fast} (older models) or a factor 0.6-1.5 (sonic-3). */
    static final String SPEED = "speed";
    /** Setting key: volume factor 0.5-2.0 (sonic-3). */
    static final String VOLUME = "volume";
    /** Setting key: emotion guide (sonic-3). */
    static final String EMOTION = "emotion";
    /** Language sent when the request names none. */
    static final String DEFAULT_LANGUAGE = "en";

    private static final Set<String> NAMED_SPEEDS = Set.of("slow", "normal", "fast");

    /**
     * Copies the map.
     *
     * @param modelId    model
     * @param voiceId    voice
     * @param language   language
     * @param transcript text
     * @param output     output format
     * @param timestamps whether word timestamps are wanted
     * @param speed      named speed or {@code null}
     * @param config     generation config
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
     * @return the generation
     * @throws ProviderException {@code INVALID_REQUEST} when a setting has no meaning for Cartesia
     */
    static CartesiaGeneration of(SynthesisRequest request, CartesiaOutputFormat output, String voiceId,
                                 String modelId) throws ProviderException {
        Map<String, String> settings = request.settings();
        String language = settings.getOrDefault(LANGUAGE, DEFAULT_LANGUAGE).strip().toLowerCase(Locale.ROOT);
        String speed = null;
        Map<String, Object> config = new LinkedHashMap<>();
        String wantedSpeed = settings.get(SPEED);
        if (wantedSpeed != null) {
            String named = wantedSpeed.strip().toLowerCase(Locale.ROOT);
            if (NAMED_SPEEDS.contains(named)) {
                speed = named;
            } else {
                config.put(SPEED, number(SPEED, wantedSpeed));
            }
        }
        if (settings.containsKey(VOLUME)) {
            config.put(VOLUME, number(VOLUME, settings.get(VOLUME)));
        }
        if (settings.containsKey(EMOTION)) {
            config.put(EMOTION, settings.get(EMOTION).strip());
        }
        return new CartesiaGeneration(request.model() == null ? modelId : request.model(),
                                      request.voice() == null ? voiceId : request.voice(), language, request.text(),
                                      output, request.timestamps(), speed, config);
    }

    /**
     * The {@code GenerationRequest} message of one context. Always {@code continue: false}: a
     * gateway request is one whole transcript.
     *
     * @param mapper    JSON writer
     * @param contextId the context of this attempt
     * @return the JSON text
     */
    String toJson(ObjectMapper mapper, String contextId) {
        ObjectNode message = mapper.createObjectNode();
        message.put("model_id", modelId);
        message.put("transcript", transcript);
        ObjectNode voice = message.putObject("voice");
        voice.put("mode", "id");
        voice.put("id", voiceId);
        message.put("language", language);
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
        message.put("continue", false);
        return message.toString();
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
