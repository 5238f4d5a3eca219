package io.ttsgateway.uplift;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the Uplift client: the {@code apiKey} (never logged), {@code baseUrl} (or a regional
 * endpoint), the {@code voiceId} of requests that name none, and the timeouts.
 */
public record UpliftSettings(String apiKey, URI baseUrl, String voiceId, ProviderTimeouts timeouts) {

    /** The provider's name, in messages and configuration. */
    static final String NAME = "uplift";

    /** Hides the key. */
    @Override
    public String toString() {
        return "UpliftSettings[baseUrl=" + baseUrl + ", voiceId=" + voiceId + "]";
    }
}
