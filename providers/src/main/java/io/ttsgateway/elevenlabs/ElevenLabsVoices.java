package io.ttsgateway.elevenlabs;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.JsonGet;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * The account's voices from {@code GET /v1/voices} (all in one response, unlike the paged
 * {@code /v2/voices}): id, name, {@code labels.gender} and the languages of {@code verified_languages}.
 */
final class ElevenLabsVoices {

    private ElevenLabsVoices() {
    }

    /** Asks ElevenLabs. */
    static List<Voice> fetch(HttpClient client, URI base, Map<String, String> auth, ProviderTimeouts timeouts)
            throws ProviderException {
        return parse(JsonGet.get(client, NAME, Endpoints.http(base, "/v1/voices"), auth, timeouts,
                                 ElevenLabsMessages::httpFailure));
    }

    /** Reads a {@code GetVoicesResponseModel}: the voices with an id. */
    static List<Voice> parse(JsonNode body) throws ProviderException {
        List<Voice> result = new ArrayList<>();
        for (JsonNode voice : JsonGet.items(body, "voices", NAME)) {
            String id = voice.path("voice_id").asText("");
            if (id.isBlank()) {
                continue;
            }
            Set<String> languages = new LinkedHashSet<>();
            for (JsonNode verified : voice.path("verified_languages")) {
                String language = verified.path("language").asText("");
                if (!language.isBlank()) {
                    languages.add(language);
                }
            }
            String gender = voice.path("labels").path("gender").asText(null);
            result.add(new Voice(id, voice.path("name").asText(id), List.copyOf(languages),
                                 gender == null || gender.isBlank() ? null : gender, NAME));
        }
        return result;
    }
}
