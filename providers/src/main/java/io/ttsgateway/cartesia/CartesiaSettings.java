package io.ttsgateway.cartesia;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the Cartesia client.
 *
 * @param apiKey   the key; never logged
 * @param baseUrl  {@code https://api.cartesia.ai}, or a proxy
 * @param voiceId  voice used when a request names none
 * @param modelId  model, such as {@code sonic-english}
 * @param version  API version sent as {@code Cartesia-Version}, such as {@code 2024-06-10}
 * @param timeouts connect, first-byte and stall timeouts
 */
public record CartesiaSettings(String apiKey, URI baseUrl, String voiceId, String modelId, String version,
                               ProviderTimeouts timeouts) {

    /**
     * Hides the key.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "CartesiaSettings[baseUrl=" + baseUrl + ", voiceId=" + voiceId + ", modelId=" + modelId
                + ", version=" + version + "]";
    }
}
