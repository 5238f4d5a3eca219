package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.JsonGet;

/**
 * The account's voices from {@code GET /v1/voices} (all of them in one response, unlike the paged
 * {@code /v2/voices}): {@code voice_id}, {@code name}, {@code labels.gender} and the languages of
 * {@code verified_languages}.
 */
final class ElevenLabsVoices {

    /** The list endpoint. */
    static final String PATH = "/v1/voices";

    private ElevenLabsVoices() {
    }

    /**
     * Asks ElevenLabs.
     *
     * @param provider the provider (client, base URL, key header, timeouts)
     * @return the voices
     * @throws ProviderException the mapped failure
     */
    static List<Voice> fetch(ElevenLabsProvider provider) throws ProviderException {
        JsonNode body = JsonGet.get(provider.httpClient(), ElevenLabsProvider.NAME,
                                    Endpoints.http(provider.base(), PATH), provider.authHeaders(),
                                    provider.settings().timeouts(),
                                    (status, bytes) -> ElevenLabsErrors.forHttp(
                                            status, ElevenLabsErrors.httpCode(JsonGet.parseOrNull(bytes))));
        return parse(body);
    }

    /**
     * Reads a {@code GetVoicesResponseModel}.
     *
     * @param body the response
     * @return the voices with an id
     * @throws ProviderException {@code SYNTHESIS_FAILED} when {@code voices} is missing
     */
    static List<Voice> parse(JsonNode body) throws ProviderException {
        List<Voice> result = new ArrayList<>();
        for (JsonNode voice : JsonGet.items(body, "voices", ElevenLabsProvider.NAME)) {
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
                                 gender == null || gender.isBlank() ? null : gender, ElevenLabsProvider.NAME));
        }
        return result;
    }
}
