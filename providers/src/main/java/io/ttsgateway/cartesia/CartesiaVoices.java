package io.ttsgateway.cartesia;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.JsonGet;

/**
 * The voices from {@code GET /voices}: before {@value #FIRST_PAGED_VERSION} a bare array, from then
 * on pages {@code {"data":[..],"has_more":..}} walked with {@code starting_after} (at most
 * {@value #MAX_PAGES} pages of {@value #PAGE_SIZE}). A voice has {@code id}, {@code name} and one
 * {@code language}; no gender.
 */
final class CartesiaVoices {

    /** The list endpoint. */
    static final String PATH = "/voices";
    /** The first version whose list is paged. */
    static final String FIRST_PAGED_VERSION = "2025-04-16";
    /** Voices per page, the most the API allows. */
    static final int PAGE_SIZE = 100;
    /** Pages read at most, so that a cursor that never ends cannot loop. */
    static final int MAX_PAGES = 50;

    private CartesiaVoices() {
    }

    /**
     * Asks Cartesia.
     *
     * @param provider the provider (client, base URL, headers, timeouts, version)
     * @return the voices
     * @throws ProviderException the mapped failure
     */
    static List<Voice> fetch(CartesiaProvider provider) throws ProviderException {
        boolean paged = provider.version().compareTo(FIRST_PAGED_VERSION) >= 0;
        List<Voice> voices = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = !paged ? "" : "?limit=" + PAGE_SIZE
                    + (after == null ? "" : "&starting_after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            URI uri = Endpoints.http(provider.base(), PATH + query);
            JsonNode body = JsonGet.get(provider.client(), CartesiaProvider.NAME, uri, provider.headers(),
                                        provider.timeouts(), CartesiaVoices::failure);
            JsonNode items = JsonGet.items(body, body.isArray() ? null : "data", CartesiaProvider.NAME);
            for (JsonNode item : items) {
                String id = item.path("id").asText("");
                if (!id.isBlank()) {
                    String language = item.path("language").asText("");
                    voices.add(new Voice(id, item.path("name").asText(id),
                                         language.isBlank() ? List.of() : List.of(language), null,
                                         CartesiaProvider.NAME));
                    after = id;
                }
            }
            if (body.isArray() || !body.path("has_more").asBoolean(false) || items.isEmpty()) {
                return voices;
            }
        }
        return voices;
    }

    /**
     * A refused list request, classified like a socket's error message: JSON bodies (2026-03-01+)
     * lend their fields, plain-text ones ({@code Title: Message}) their words, and the status joins.
     */
    private static ProviderException failure(int status, byte[] body) {
        JsonNode parsed = JsonGet.parseOrNull(body);
        ObjectNode message = parsed instanceof ObjectNode object ? object
                : CartesiaProvider.JSON.createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
        message.put("status_code", status);
        return CartesiaErrors.fromMessage(message);
    }
}
