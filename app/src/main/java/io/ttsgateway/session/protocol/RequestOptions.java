package io.ttsgateway.session.protocol;

import java.util.HashMap;
import java.util.Map;

import io.ttsgateway.provider.SynthesisRequest;

/**
 * How a request wants to be spoken, as the client gave it: each field {@code null} when not given,
 * so that a request's own options can be laid over the connection's defaults.
 *
 * @param provider   provider name
 * @param voice      provider voice
 * @param model      provider model
 * @param format     audio format name, such as {@code ulaw_8000}
 * @param speed      speaking rate, 1.0 normal
 * @param language   language code, such as {@code en} or {@code pt-BR}
 * @param timestamps whether word timings are wanted
 */
public record RequestOptions(String provider, String voice, String model, String format, Double speed, String language,
                      Boolean timestamps) {

    /** No option given. */
    public static final RequestOptions NONE = new RequestOptions(null, null, null, null, null, null, null);

    /** Slowest speaking rate accepted; providers with a narrower range clamp to theirs. */
    public static final double MIN_SPEED = 0.25;
    /** Fastest speaking rate accepted. */
    public static final double MAX_SPEED = 4.0;

    /**
     * These options with every missing one taken from the defaults.
     *
     * @param defaults the connection's defaults
     * @return the merged options
     */
    public RequestOptions orElse(RequestOptions defaults) {
        return new RequestOptions(provider != null ? provider : defaults.provider,
                                  voice != null ? voice : defaults.voice,
                                  model != null ? model : defaults.model,
                                  format != null ? format : defaults.format,
                                  speed != null ? speed : defaults.speed,
                                  language != null ? language : defaults.language,
                                  timestamps != null ? timestamps : defaults.timestamps);
    }

    /**
     * Whether no option is given.
     *
     * @return true when every field is {@code null}
     */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * Whether word timings are wanted.
     *
     * @return true only when asked for
     */
    public boolean wantsTimestamps() {
        return Boolean.TRUE.equals(timestamps);
    }

    /**
     * The provider settings these options ask for.
     *
     * @return speed and language, when given
     */
    public Map<String, String> providerSettings() {
        Map<String, String> settings = new HashMap<>();
        if (speed != null) {
            settings.put(SynthesisRequest.SPEED, Double.toString(speed));
        }
        if (language != null) {
            settings.put(SynthesisRequest.LANGUAGE, language);
        }
        return settings;
    }
}
