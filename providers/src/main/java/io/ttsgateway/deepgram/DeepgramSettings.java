package io.ttsgateway.deepgram;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the Deepgram Aura client.
 *
 * @param apiKey   the key sent as {@code Authorization: Token}; never logged
 * @param baseUrl  {@code https://api.deepgram.com}, or a proxy or self-hosted endpoint
 * @param model    model and voice in one, such as {@code aura-asteria-en}
 * @param timeouts connect, first-byte and stall timeouts
 */
public record DeepgramSettings(String apiKey, URI baseUrl, String model, ProviderTimeouts timeouts) {

    /**
     * Hides the key.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "DeepgramSettings[baseUrl=" + baseUrl + ", model=" + model + "]";
    }
}
