package io.ttsgateway.cartesia;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.Voice;
import io.ttsgateway.provider.net.Endpoints;
import io.ttsgateway.provider.net.JsonGet;

/**
 * The voices of {@code GET /voices}: a bare array before {@value #FIRST_PAGED_VERSION}, then pages
 * {@code {"data":[..],"has_more":..}} walked with {@code starting_after} (at most {@value #MAX_PAGES}
 * of {@value #PAGE_SIZE}). A voice has {@code id}, {@code name} and one {@code language}; no gender.
 */
final class CartesiaVoices {

    /** The first version whose list is paged. */
    static final String FIRST_PAGED_VERSION = "2025-04-16";
    /** Voices per page, the most the API allows. */
    static final int PAGE_SIZE = 100;
    /** Pages read at most, so that a cursor that never ends cannot loop. */
    static final int MAX_PAGES = 50;

    private CartesiaVoices() {
    }

    /** Asks Cartesia for its voices; failures are classified as the socket's errors are. */
    static List<Voice> fetch(HttpClient client, URI base, Map<String, String> headers, ProviderTimeouts timeouts,
                             String version) throws ProviderException {
        boolean paged = version.compareTo(FIRST_PAGED_VERSION) >= 0;
        List<Voice> voices = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = !paged ? "" : "?limit=" + PAGE_SIZE
                    + (after == null ? "" : "&starting_after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            JsonNode body = JsonGet.get(client, CartesiaProvider.NAME, Endpoints.http(base, "/voices" + query),
                                        headers, timeouts, CartesiaVoices::failure);
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
                break;
            }
        }
        return voices;
    }

    /** A refused list request: a JSON body (2026-03-01+) lends its fields, a plain-text one its words. */
    private static ProviderException failure(int status, byte[] body) {
        ObjectNode message = JsonGet.parseOrNull(body) instanceof ObjectNode object ? object
                : new ObjectMapper().createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
        return CartesiaCodec.error(message.put("status_code", status));
    }
}
