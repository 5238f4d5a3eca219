package io.ttsgateway.provider;

import java.util.Set;

import io.ttsgateway.audio.AudioFormat;

/**
 * What a provider declares it can do, so the gateway never discovers it by trial: the formats it makes
 * without conversion, word timings, text taken incrementally, and the longest text of a request.
 */
public record ProviderCapabilities(Set<AudioFormat> nativeFormats, boolean wordTimestamps, boolean inputStreaming,
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
