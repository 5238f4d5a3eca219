package io.ttsgateway.openai;

import java.net.URI;

import io.ttsgateway.provider.ProviderTimeouts;

/**
 * Configuration of the OpenAI speech client.
 *
 * @param apiKey   the bearer key; never logged
 * @param baseUrl  {@code https://api.openai.com/v1} (with {@code /v1}, as OpenAI's SDKs take it)
 * @param model    model, such as {@code tts-1}
 * @param voice    voice used when a request names none, such as {@code alloy}
 * @param timeouts connect, first-byte and stall timeouts
 */
public record OpenAiSettings(String apiKey, URI baseUrl, String model, String voice, ProviderTimeouts timeouts) {

    /** The provider's name, in messages and configuration. */
    static final String NAME = "openai";

    /** Hides the key. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", voice=" + voice + "]";
    }
}
