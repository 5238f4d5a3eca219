package io.ttsgateway.uplift;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the Uplift AI client: the bearer {@code apiKey} (never logged), {@code baseUrl}
 * ({@code https://api.upliftai.org} or a regional endpoint), the {@code voiceId} of requests that name
 * none, and the timeouts.
 */
public record UpliftSettings(String apiKey, URI baseUrl, String voiceId, ProviderTimeouts timeouts) {

    /** Hides the key. */
    @Override
    public String toString() {
        return "UpliftSettings[baseUrl=" + baseUrl + ", voiceId=" + voiceId + "]";
    }
}
