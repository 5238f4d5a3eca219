package io.ttsgateway.cartesia;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * One request in Cartesia's terms: the fields of its {@code GenerationRequest} but the
 * {@code context_id} (see {@link CartesiaCodec} for the messages written from it).
 *
 * @param modelId           {@code model_id}
 * @param voiceId           {@code voice.id}
 * @param language          {@code language}, or {@code null} for the voice's own
 * @param transcript        {@code transcript}
 * @param format            the raw audio format asked for ({@code output_format})
 * @param timestamps        {@code add_timestamps}
 * @param speed             top-level {@code speed} ({@code slow|normal|fast}), or {@code null}
 * @param experimentalSpeed {@code voice.__experimental_controls.speed}, or {@code null}
 * @param config            {@code generation_config} entries (sonic-3 volume, speed, emotion)
 */
record CartesiaGeneration(String modelId, String voiceId, String language, String transcript, AudioFormat format,
                          boolean timestamps, String speed, Double experimentalSpeed, Map<String, Object> config) {

    /** Setting key: volume factor 0.5-2.0 (sonic-3). */
    static final String VOLUME = "volume";
    /** Setting key: emotion guide (sonic-3). */
    static final String EMOTION = "emotion";
    private static final Set<String> NAMED_SPEEDS = Set.of("slow", "normal", "fast");

    /** Copies the map. */
    CartesiaGeneration {
        config = Map.copyOf(config);
    }

    /**
     * Builds the generation of a gateway request; {@code speed} takes a factor (see
     * {@link CartesiaSpeed}) or one of {@code slow}, {@code normal} and {@code fast}, sent as is.
     *
     * @param request the request, in a raw format
     * @param voiceId voice used when the request names none
     * @param modelId model used when the request names none
     * @param version the API version, which decides the language list and the speed control
     * @return the generation
     * @throws ProviderException {@code INVALID_REQUEST} for a malformed setting or a language not listed
     */
    static CartesiaGeneration of(SynthesisRequest request, String voiceId, String modelId, String version)
            throws ProviderException {
        Map<String, String> settings = request.settings();
        String model = request.model() == null ? modelId : request.model();
        String language = CartesiaLanguages.resolve(settings.get(SynthesisRequest.LANGUAGE), version);
        CartesiaSpeed speed = new CartesiaSpeed(null, null, null);
        String wanted = settings.get(SynthesisRequest.SPEED);
        if (wanted != null && NAMED_SPEEDS.contains(wanted.strip().toLowerCase(Locale.ROOT))) {
            speed = new CartesiaSpeed(null, null, wanted.strip().toLowerCase(Locale.ROOT));
        } else if (wanted != null) {
            double factor = number(SynthesisRequest.SPEED, wanted);
            if (factor <= 0) {
                throw invalid(SynthesisRequest.SPEED, "positive");
            }
            speed = CartesiaSpeed.of(factor, model, version);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        if (speed.config() != null) {
            config.put(SynthesisRequest.SPEED, speed.config());
        }
        if (settings.containsKey(VOLUME)) {
            config.put(VOLUME, number(VOLUME, settings.get(VOLUME)));
        }
        if (settings.containsKey(EMOTION)) {
            config.put(EMOTION, settings.get(EMOTION).strip());
        }
        return new CartesiaGeneration(model, request.voice() == null ? voiceId : request.voice(), language,
                                      request.text(), request.format(), request.timestamps(), speed.named(),
                                      speed.experimental(), config);
    }

    /**
     * Cartesia's raw encoding of a format.
     *
     * @param format a gateway format
     * @return the encoding, or {@code null} for WAV, which the gateway frames around PCM itself
     */
    static String encoding(AudioFormat format) {
        return switch (format.encoding()) {
            case PCM -> "pcm_s16le";
            case ULAW -> "pcm_mulaw";
            case ALAW -> "pcm_alaw";
            case WAV -> null;
        };
    }

    /**
     * Whether another generation differs from this one in its transcript only, so that both may be
     * inputs of one context (Cartesia requires every other field to stay the same).
     *
     * @param other the other generation
     * @return true when every field but the transcript is equal
     */
    boolean sameContextAs(CartesiaGeneration other) {
        return equals(new CartesiaGeneration(other.modelId, other.voiceId, other.language, transcript, other.format,
                                             other.timestamps, other.speed, other.experimentalSpeed, other.config));
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
        throw invalid(name, "a number");
    }

    private static ProviderException invalid(String name, String what) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaProvider.NAME + " setting '" + name
                + "' must be " + what);
    }

    /**
     * Never prints the transcript: it is spoken text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "CartesiaGeneration[model=" + modelId + ", voice=" + voiceId + ", language=" + language + ", chars="
                + transcript.length() + ", format=" + format + ", timestamps=" + timestamps + "]";
    }
}
