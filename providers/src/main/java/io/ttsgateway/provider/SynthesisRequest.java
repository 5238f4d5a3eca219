package io.ttsgateway.provider;

import java.util.Map;
import java.util.Objects;

import io.ttsgateway.audio.AudioFormat;

/**
 * What one request asks a provider for. Every provider takes the same request.
 *
 * @param text     the text to speak, never empty
 * @param voice    provider voice identifier, or {@code null} for the provider's configured default
 * @param model    provider model identifier, or {@code null} for the default
 * @param format   the audio format the caller wants
 * @param settings   options beyond voice and model ({@link #SPEED}, {@link #LANGUAGE}), part of the cache key
 * @param timestamps whether word timings are wanted (see {@link AudioStream#nextAlignment()})
 */
public record SynthesisRequest(String text, String voice, String model, AudioFormat format, Map<String, String> settings,
                               boolean timestamps) {

    /** Settings key of the speaking rate, a decimal where 1.0 is the voice's normal pace. */
    public static final String SPEED = "speed";
    /** Settings key of the language, an ISO 639-1 code such as {@code en}, optionally with a region. */
    public static final String LANGUAGE = "language";

    /** Validates and copies. */
    public SynthesisRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A request without word timings. */
    public SynthesisRequest(String text, String voice, String model, AudioFormat format, Map<String, String> settings) {
        this(text, voice, model, format, settings, false);
    }

    /** The speaking rate asked for (1.0 is normal), or {@code null} for the voice's own pace. */
    public Double speed() {
        String value = settings.get(SPEED);
        return value == null ? null : Double.valueOf(value);
    }

    /** The language asked for, an ISO 639-1 code maybe with a region ({@code pt-BR}), or {@code null}. */
    public String language() {
        return settings.get(LANGUAGE);
    }

    /** The same request with other text: one segment of a streamed utterance. */
    public SynthesisRequest withText(String other) {
        return new SynthesisRequest(other, voice, model, format, settings, timestamps);
    }

    /** The same request in another format: what a provider is asked for when the gateway converts. */
    public SynthesisRequest withFormat(AudioFormat other) {
        return new SynthesisRequest(text, voice, model, other, settings, timestamps);
    }

    /** Never prints the text: requests end up in logs and exceptions, spoken text must not. */
    @Override
    public String toString() {
        return "SynthesisRequest[chars=" + text.length() + ", voice=" + voice + ", model=" + model
                + ", format=" + format + ", timestamps=" + timestamps + "]";
    }
}
