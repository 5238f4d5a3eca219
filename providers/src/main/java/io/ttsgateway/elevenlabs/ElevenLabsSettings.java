package io.ttsgateway.elevenlabs;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the ElevenLabs client: the {@code xi-api-key} (never logged), the endpoint, the
 * voice and model of requests that name none, the voice's stability and similarity boost (0 to 1).
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
