package io.ttsgateway.provider;

import java.util.Map;
import java.util.Objects;

import io.ttsgateway.audio.AudioFormat;

/**
 * What one request asks any provider for: non-blank text, a voice and model ({@code null} for the
 * defaults), a format, other settings ({@link #SPEED}, {@link #LANGUAGE}; in the cache key) and timings.
 */
public record SynthesisRequest(String text, String voice, String model, AudioFormat format,
                               Map<String, String> settings, boolean timestamps) {

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

    /** The speed asked for clamped to {@code min..max}, or null; {@code INVALID_REQUEST} unless a positive number. */
    public Double speedWithin(String provider, double min, double max) throws ProviderException {
        String value = settings.get(SPEED);
        double speed;
        try {
            speed = value == null ? 1 : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            speed = Double.NaN;
        }
        if (!(speed > 0) || Double.isInfinite(speed)) { // the negated test also refuses NaN
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST,
                                        provider + " speed must be a number from " + min + " to " + max);
        }
        return value == null ? null : Math.clamp(speed, min, max);
    }

    /** The language asked for, an ISO 639-1 code maybe with a region ({@code pt-BR}), or {@code null}. */
    public String language() {
        return settings.get(LANGUAGE);
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
