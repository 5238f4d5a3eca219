package io.ttsgateway.elevenlabs;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the ElevenLabs client.
 *
 * @param apiKey     the {@code xi-api-key}; never logged
 * @param baseUrl    {@code https://api.elevenlabs.io}, or a proxy or regional endpoint
 * @param voiceId    voice used when a request names none
 * @param modelId    model, such as {@code eleven_turbo_v2_5}
 * @param stability  voice stability, 0 to 1
 * @param similarity voice similarity boost, 0 to 1
 * @param timeouts   connect, first-byte and stall timeouts
 */
public record ElevenLabsSettings(String apiKey, URI baseUrl, String voiceId, String modelId, double stability,
                                 double similarity, ProviderTimeouts timeouts) {

    /** The provider's name, in messages and configuration. */
    static final String NAME = "elevenlabs";

    /** Hides the key. */
    @Override
    public String toString() {
        return "ElevenLabsSettings[baseUrl=" + baseUrl + ", voiceId=" + voiceId + ", modelId=" + modelId + "]";
    }
}
