package io.ttsgateway.provider;

import java.util.Set;

import io.ttsgateway.audio.AudioFormat;

/**
 * What a provider declares it can do, so the gateway never discovers it by trial.
 *
 * @param nativeFormats   formats the provider produces without conversion in the gateway
 * @param wordTimestamps  whether it can report word timings
 * @param inputStreaming  whether it accepts text incrementally on one stream
 * @param maxTextLength   longest text accepted in one request, in characters
 */
public record ProviderCapabilities(Set<AudioFormat> nativeFormats,
                                   boolean wordTimestamps,
                                   boolean inputStreaming,
                                   int maxTextLength) {

    /** Copies the set. */
    public ProviderCapabilities {
        nativeFormats = Set.copyOf(nativeFormats);
    }

    /** Whether the provider produces a format itself. */
    public boolean producesNatively(AudioFormat format) {
        return nativeFormats.contains(format);
    }
}
