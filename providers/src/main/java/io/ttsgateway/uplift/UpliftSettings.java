package io.ttsgateway.uplift;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the Uplift AI client.
 *
 * @param apiKey   the bearer key; never logged
 * @param baseUrl  {@code https://api.upliftai.org}, or a regional endpoint
 * @param voiceId  voice used when a request names none, such as {@code v_meklc281}
 * @param timeouts connect, first-byte and stall timeouts
 */
public record UpliftSettings(String apiKey, URI baseUrl, String voiceId, ProviderTimeouts timeouts) {

    /**
     * Hides the key.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "UpliftSettings[baseUrl=" + baseUrl + ", voiceId=" + voiceId + "]";
    }
}
