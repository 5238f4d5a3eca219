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
 * @param settings   provider-specific voice settings (stability, speed...), part of the cache key
 * @param timestamps whether word timings are wanted (see {@link AudioStream#nextAlignment()})
 */
public record SynthesisRequest(String text, String voice, String model, AudioFormat format, Map<String, String> settings,
                               boolean timestamps) {

    /**
     * Validates and copies.
     *
     * @param text     the text to speak, never empty
     * @param voice    provider voice identifier, or {@code null}
     * @param model    provider model identifier, or {@code null}
     * @param format   the audio format the caller wants
     * @param settings   provider-specific settings
     * @param timestamps whether word timings are wanted
     */
    public SynthesisRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /**
     * A request without word timings.
     *
     * @param text     the text to speak, never empty
     * @param voice    provider voice identifier, or {@code null}
     * @param model    provider model identifier, or {@code null}
     * @param format   the audio format the caller wants
     * @param settings provider-specific settings
     */
    public SynthesisRequest(String text, String voice, String model, AudioFormat format, Map<String, String> settings) {
        this(text, voice, model, format, settings, false);
    }

    /**
     * The same request in another format: what a provider is asked for when the gateway converts.
     *
     * @param other the format
     * @return the request with that format
     */
    public SynthesisRequest withFormat(AudioFormat other) {
        return new SynthesisRequest(text, voice, model, other, settings, timestamps);
    }

    /**
     * Never prints the text: requests end up in logs and exceptions, spoken text must not.
     *
     * @return a description without the text
     */
    @Override
    public String toString() {
        return "SynthesisRequest[chars=" + text.length() + ", voice=" + voice + ", model=" + model
                + ", format=" + format + ", timestamps=" + timestamps + "]";
    }
}
