package io.ttsgateway.cartesia;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.JsonMappers;

/**
 * One request in Cartesia's terms: its {@code GenerationRequest} but the {@code context_id} ({@link #message}).
 * {@code language} goes as its primary subtag ({@code pt-BR} as {@code pt}), if listed. {@code speed}
 * takes {@code slow|normal|fast} as is, or a factor: {@code generation_config.speed} clamped to
 * 0.6-1.5 on {@code sonic-3} models; {@code voice.__experimental_controls.speed} = log2(factor) in
 * -1..1 on others before {@value #FIRST_MODEL_SPEED_VERSION} (no factor is documented for its ends);
 * the named {@code speed} on others from then on (below 0.9 slow, above 1.1 fast). Components are the
 * message's fields ({@code format} is {@code output_format}, {@code timestamps} {@code add_timestamps},
 * {@code config} {@code generation_config}); {@code null} ones are left out.
 */
record CartesiaGeneration(String modelId, String voiceId, String language, String transcript, AudioFormat format,
                          boolean timestamps, String speed, Double experimentalSpeed, Map<String, Object> config) {

    /** {@code SupportedLanguage}, the same in every definition read (2024-06-10 to 2025-04-16). */
    static final Set<String> LANGUAGES = Set.of("en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko", "nl",
                                                "pl", "ru", "sv", "tr");
    /** The first version without {@code voice.__experimental_controls}. */
    static final String FIRST_MODEL_SPEED_VERSION = "2025-04-16";
    private static final ObjectMapper JSON = JsonMappers.create();
    private static final Set<String> NAMED_SPEEDS = Set.of("slow", "normal", "fast");
    /** A language tag (ISO 639, maybe with subtags), and what one may look like to be repeated in a message. */
    private static final Pattern TAG = Pattern.compile("([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*");
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    CartesiaGeneration {
        config = Map.copyOf(config);
    }

    /** The generation of a request in a raw format; {@code INVALID_REQUEST} for a setting Cartesia cannot take. */
    static CartesiaGeneration of(SynthesisRequest request, String voiceId, String modelId, String version)
            throws ProviderException {
        Map<String, String> settings = request.settings();
        String model = request.model() == null ? modelId : request.model();
        Map<String, Object> config = new LinkedHashMap<>();
        String named = null;
        Double experimental = null;
        String wanted = settings.get(SynthesisRequest.SPEED);
        if (wanted != null && NAMED_SPEEDS.contains(wanted.strip().toLowerCase(Locale.ROOT))) {
            named = wanted.strip().toLowerCase(Locale.ROOT);
        } else if (wanted != null) {
            double factor = number(SynthesisRequest.SPEED, wanted);
            if (factor <= 0) {
                throw invalid(SynthesisRequest.SPEED, "positive");
            }
            if (model.equals("sonic-3") || model.startsWith("sonic-3-")) {
                config.put(SynthesisRequest.SPEED, Math.clamp(factor, 0.6, 1.5));
            } else if (version.compareTo(FIRST_MODEL_SPEED_VERSION) < 0) {
                experimental = Math.round(Math.clamp(Math.log(factor) / Math.log(2), -1.0, 1.0) * 100) / 100.0;
            } else {
                named = factor < 0.9 ? "slow" : factor > 1.1 ? "fast" : "normal";
            }
        }
        if (settings.containsKey("volume")) {
            config.put("volume", number("volume", settings.get("volume")));
        }
        if (settings.containsKey("emotion")) {
            config.put("emotion", settings.get("emotion").strip());
        }
        return new CartesiaGeneration(model, request.voice() == null ? voiceId : request.voice(),
                                      language(settings.get(SynthesisRequest.LANGUAGE), version), request.text(),
                                      request.format(), request.timestamps(), named, experimental, config);
    }

    /**
     * A {@code GenerationRequest} with a text of its own: a whole request is its transcript with
     * {@code continue: false}; a continuation sends inputs with {@code continue: true}, each followed
     * by a manual flush ({@code ""}, {@code flush: true}), and the final input {@code ""}.
     */
    String message(String contextId, String text, boolean more, boolean flush) {
        ObjectNode message = JSON.createObjectNode().put("model_id", modelId).put("transcript", text);
        ObjectNode voice = message.putObject("voice").put("mode", "id").put("id", voiceId);
        if (experimentalSpeed != null) {
            voice.putObject("__experimental_controls").put("speed", experimentalSpeed);
        }
        if (language != null) {
            message.put("language", language);
        }
        message.put("context_id", contextId).putObject("output_format").put("container", "raw")
                .put("encoding", encoding(format))
                .put("sample_rate", format.sampleRate());
        if (timestamps) {
            message.put("add_timestamps", true);
        }
        if (speed != null) {
            message.put("speed", speed);
        }
        if (!config.isEmpty()) {
            message.set("generation_config", JSON.valueToTree(config));
        }
        message.put("continue", more);
        return JsonMappers.text(flush ? message.put("flush", true) : message);
    }

    /** Cartesia's raw encoding of a format, or {@code null} for WAV, which the gateway frames around PCM. */
    static String encoding(AudioFormat format) {
        return switch (format.encoding()) {
            case PCM -> "pcm_s16le";
            case ULAW -> "pcm_mulaw";
            case ALAW -> "pcm_alaw";
            case WAV -> null;
        };
    }

    /** Whether both differ in their transcript only, so that both may be inputs of one context. */
    boolean sameContextAs(CartesiaGeneration other) {
        return equals(new CartesiaGeneration(other.modelId, other.voiceId, other.language, transcript, other.format,
                                             other.timestamps, other.speed, other.experimentalSpeed, other.config));
    }

    private static String language(String requested, String version) throws ProviderException {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        Matcher tag = TAG.matcher(requested.strip());
        if (tag.matches() && LANGUAGES.contains(tag.group(1).toLowerCase(Locale.ROOT))) {
            return tag.group(1).toLowerCase(Locale.ROOT);
        }
        String shown = PRINTABLE.matcher(requested.strip()).matches() ? "'" + requested.strip() + "'"
                : "the requested language";
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaCodec.NAME + " does not speak "
                + shown + " (API version " + version + " supports " + String.join(", ", new TreeSet<>(LANGUAGES))
                + ")");
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
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, CartesiaCodec.NAME + " setting '" + name
                + "' must be " + what);
    }

    /** Never prints the transcript: it is spoken text. */
    @Override
    public String toString() {
        return "CartesiaGeneration[model=" + modelId + ", voice=" + voiceId + ", language=" + language + ", chars="
                + transcript.length() + ", format=" + format + ", timestamps=" + timestamps + "]";
    }
}
