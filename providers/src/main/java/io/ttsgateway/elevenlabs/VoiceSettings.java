package io.ttsgateway.elevenlabs;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/** ElevenLabs {@code voice_settings} of one request; null fields (style, speed, speaker boost) are the voice's own. */
record VoiceSettings(double stability, double similarityBoost, Double style, Double speed, Boolean useSpeakerBoost) {

    /** Range of {@code speed} in RealtimeVoiceSettings; the API refuses anything else. */
    static final double MIN_SPEED = 0.7;
    static final double MAX_SPEED = 1.2;
    private static final String SIMILARITY_BOOST = "similarity_boost";
    private static final String USE_SPEAKER_BOOST = "use_speaker_boost";

    /** The configured values with what the request overrides; other providers' keys are ignored, bad values refused. */
    static VoiceSettings of(ElevenLabsSettings settings, Map<String, String> request) throws ProviderException {
        double stability = unit("stability", request.get("stability"), settings.stability());
        String similarity = request.getOrDefault(SIMILARITY_BOOST, request.get("similarity"));
        double similarityBoost = unit(SIMILARITY_BOOST, similarity, settings.similarity());
        Double style = request.containsKey("style") ? unit("style", request.get("style"), 0) : null;
        Double speed = request.containsKey(SynthesisRequest.SPEED) ? speed(request.get(SynthesisRequest.SPEED)) : null;
        Boolean boost = request.containsKey(USE_SPEAKER_BOOST) ? bool(request.get(USE_SPEAKER_BOOST)) : null;
        return new VoiceSettings(stability, similarityBoost, style, speed, boost);
    }

    /** Checks the configured values once, at construction of the provider. */
    static void checkConfigured(ElevenLabsSettings settings) {
        if (!(settings.stability() >= 0 && settings.stability() <= 1)
                || !(settings.similarity() >= 0 && settings.similarity() <= 1)) {
            throw new IllegalArgumentException("ElevenLabs stability and similarity must be between 0 and 1");
        }
    }

    /** The JSON object sent as {@code voice_settings}. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("stability", stability);
        node.put(SIMILARITY_BOOST, similarityBoost);
        if (style != null) {
            node.put("style", style);
        }
        if (speed != null) {
            node.put("speed", speed);
        }
        if (useSpeakerBoost != null) {
            node.put(USE_SPEAKER_BOOST, useSpeakerBoost);
        }
        return node;
    }

    private static double unit(String name, String value, double fallback) throws ProviderException {
        double parsed = value == null ? fallback : parse(name, value, 0, 1);
        if (!(parsed >= 0 && parsed <= 1)) {
            throw invalid(name + " must be a number from 0.0 to 1.0");
        }
        return parsed;
    }

    /** Clamped: the gateway takes 0.25 to 4.0 for every provider, and 1.5 is better served at 1.2 than refused. */
    private static double speed(String value) throws ProviderException {
        double parsed = parse(SynthesisRequest.SPEED, value, MIN_SPEED, MAX_SPEED);
        if (!Double.isFinite(parsed) || parsed <= 0) {
            throw invalid(SynthesisRequest.SPEED + " must be a positive number");
        }
        return Math.clamp(parsed, MIN_SPEED, MAX_SPEED);
    }

    private static double parse(String name, String value, double min, double max) throws ProviderException {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw invalid(name + " must be a number from " + min + " to " + max);
        }
    }

    private static Boolean bool(String value) throws ProviderException {
        return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(USE_SPEAKER_BOOST + " must be true or false");
        };
    }

    private static ProviderException invalid(String what) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " setting " + what);
    }
}
