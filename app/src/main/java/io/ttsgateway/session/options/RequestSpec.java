package io.ttsgateway.session.options;

import java.util.Map;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * How every segment of one request is spoken: the resolved options without the text.
 *
 * @param format     the client's format
 * @param voice      provider voice, or {@code null} for the provider's default
 * @param model      provider model, or {@code null} for the default
 * @param settings   speed, language (see {@link SynthesisRequest#SPEED})
 * @param timestamps whether word timings are wanted
 */
public record RequestSpec(AudioFormat format, String voice, String model, Map<String, String> settings, boolean timestamps) {

    /**
     * Copies the settings.
     */
    public RequestSpec {
        settings = Map.copyOf(settings);
    }

    /**
     * The request of one segment.
     *
     * @param text            the segment's text
     * @param providerDefault whether the provider's own voice and model are used instead of the
     *                        requested ones (a fallback provider does not know them)
     * @return the request
     */
    public SynthesisRequest request(String text, boolean providerDefault) {
        return providerDefault
                ? new SynthesisRequest(text, null, null, format, settings, timestamps)
                : new SynthesisRequest(text, voice, model, format, settings, timestamps);
    }
}
