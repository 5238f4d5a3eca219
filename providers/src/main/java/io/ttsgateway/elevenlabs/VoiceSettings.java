package io.ttsgateway.elevenlabs;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * ElevenLabs {@code voice_settings} of one request: the configured stability and similarity, with
 * what the request's settings override.
 *
 * @param stability       0 to 1
 * @param similarityBoost 0 to 1
 * @param style           0 to 1, or {@code null} for the voice's own
 * @param speed           0.7 to 1.2 (requests asking for more or less are clamped), or {@code null} for the voice's own
 * @param useSpeakerBoost or {@code null} for the voice's own
 */
record VoiceSettings(double stability, double similarityBoost, Double style, Double speed, Boolean useSpeakerBoost) {

    /** Request setting overriding the configured stability. */
    static final String STABILITY = "stability";
    /** Request setting overriding the configured similarity boost. */
    static final String SIMILARITY_BOOST = "similarity_boost";
    /** Shorter spelling of {@link #SIMILARITY_BOOST}, as in the gateway's configuration. */
    static final String SIMILARITY = "similarity";
    /** Request setting for the style exaggeration. */
    static final String STYLE = "style";
    /** Request setting for the speaking rate: the gateway's {@link SynthesisRequest#SPEED}. */
    static final String SPEED = SynthesisRequest.SPEED;
    /** Request setting for the speaker boost. */
    static final String USE_SPEAKER_BOOST = "use_speaker_boost";
    /** Range of {@code speed} in RealtimeVoiceSettings. */
    static final double MIN_SPEED = 0.7;
    /** Range of {@code speed} in RealtimeVoiceSettings. */
    static final double MAX_SPEED = 1.2;

    /**
     * Combines configuration and request.
     *
     * <p>The speed is clamped to ElevenLabs' documented range, {@value #MIN_SPEED} to
     * {@value #MAX_SPEED} ({@code RealtimeVoiceSettings.speed}; the API refuses anything else): the
     * gateway accepts 0.25 to 4.0 for every provider, and a request for 1.5 is better served at 1.2
     * than refused. Only a speed that is not a number at all is an error.
     *
     * @param settings the provider's configuration
     * @param request  the request's settings; keys other than the ones above are ignored, since
     *                 settings meant for other providers may be passed along
     * @return the settings
     * @throws ProviderException {@link ProviderErrorKind#INVALID_REQUEST} for a value out of range
     *                           (stability, similarity, style) or not a number
     */
    static VoiceSettings of(ElevenLabsSettings settings, Map<String, String> request) throws ProviderException {
        double stability = unit(STABILITY, request.get(STABILITY), settings.stability());
        String similarity = request.getOrDefault(SIMILARITY_BOOST, request.get(SIMILARITY));
        double similarityBoost = unit(SIMILARITY_BOOST, similarity, settings.similarity());
        Double style = request.containsKey(STYLE) ? unit(STYLE, request.get(STYLE), 0) : null;
        Double speed = request.containsKey(SPEED) ? clampedSpeed(request.get(SPEED)) : null;
        Boolean boost = request.containsKey(USE_SPEAKER_BOOST) ? bool(request.get(USE_SPEAKER_BOOST)) : null;
        return new VoiceSettings(stability, similarityBoost, style, speed, boost);
    }

    /**
     * Validates configured values, which the provider checks once at construction.
     *
     * @param settings the configuration
     * @throws IllegalArgumentException when stability or similarity is outside 0..1
     */
    static void checkConfigured(ElevenLabsSettings settings) {
        if (!(settings.stability() >= 0 && settings.stability() <= 1)
                || !(settings.similarity() >= 0 && settings.similarity() <= 1)) {
            throw new IllegalArgumentException("ElevenLabs stability and similarity must be between 0 and 1");
        }
    }

    /**
     * The JSON object sent as {@code voice_settings}.
     *
     * @return a new node
     */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("stability", stability);
        node.put("similarity_boost", similarityBoost);
        if (style != null) {
            node.put("style", style);
        }
        if (speed != null) {
            node.put("speed", speed);
        }
        if (useSpeakerBoost != null) {
            node.put("use_speaker_boost", useSpeakerBoost);
        }
        return node;
    }

    private static double unit(String name, String value, double fallback) throws ProviderException {
        return value == null ? fallback : number(name, value, 0, 1);
    }

    private static double number(String name, String value, double min, double max) throws ProviderException {
        double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw invalid(name, min, max);
        }
        if (!(parsed >= min && parsed <= max)) {
            throw invalid(name, min, max);
        }
        return parsed;
    }

    private static double clampedSpeed(String value) throws ProviderException {
        double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw invalid(SPEED, MIN_SPEED, MAX_SPEED);
        }
        if (!Double.isFinite(parsed) || parsed <= 0) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, ElevenLabsProvider.NAME + " setting "
                    + SPEED + " must be a positive number");
        }
        return Math.clamp(parsed, MIN_SPEED, MAX_SPEED);
    }

    private static Boolean bool(String value) throws ProviderException {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, ElevenLabsProvider.NAME
                    + " setting " + USE_SPEAKER_BOOST + " must be true or false");
        };
    }

    private static ProviderException invalid(String name, double min, double max) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, ElevenLabsProvider.NAME + " setting " + name
                + " must be a number from " + min + " to " + max);
    }
}
