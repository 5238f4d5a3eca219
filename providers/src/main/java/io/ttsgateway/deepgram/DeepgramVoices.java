package io.ttsgateway.deepgram;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * The voices of {@code GET /v1/models}: its {@code tts} models, each a voice whose id is the
 * {@code canonical_name} ({@code aura-2-thalia-en}) the {@code model} parameter takes; no gender.
 */
final class DeepgramVoices {

    private DeepgramVoices() {
    }

    /** Asks Deepgram; a failure is mapped by status like a refused handshake. */
    static List<Voice> fetch(HttpClient http, URI base, Map<String, String> headers, ProviderTimeouts timeouts)
            throws ProviderException {
        JsonNode body = JsonGet.get(http, DeepgramCodec.NAME, Endpoints.http(base, "/v1/models"), headers, timeouts,
                                    DeepgramVoices::failure);
        List<Voice> voices = new ArrayList<>();
        for (JsonNode model : JsonGet.items(body, "tts", DeepgramCodec.NAME)) {
            String id = model.path("canonical_name").asText("");
            if (id.isBlank()) {
                continue;
            }
            List<String> languages = new ArrayList<>();
            model.path("languages").forEach(language -> languages.add(language.asText()));
            voices.add(new Voice(id, model.path("name").asText(id), languages, null, DeepgramCodec.NAME));
        }
        return voices;
    }

    /** Legacy bodies carry {@code err_code} ({@code INVALID_AUTH}); the status decides the kind. */
    private static ProviderException failure(int status, byte[] body) {
        JsonNode parsed = JsonGet.parseOrNull(body);
        String code = parsed == null ? null : parsed.path("err_code").asText(null);
        return ProviderErrors.forStatus(DeepgramCodec.NAME, status, code);
    }
}
