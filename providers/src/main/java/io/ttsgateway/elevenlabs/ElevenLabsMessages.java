package io.ttsgateway.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of ElevenLabs' multi-context WebSocket and HTTP body. Spellings differ between the
 * AsyncAPI, the docs and the SDKs ({@code isFinal}/{@code is_final}, {@code contextId}/{@code context_id});
 * readers accept both.
 */
final class ElevenLabsMessages {

    /** Thread-safe once configured; shared by all connections. */
    static final ObjectMapper JSON = new ObjectMapper();

    private ElevenLabsMessages() {
    }

    /** Opens a context with its voice settings, which only a context's first message may carry. */
    static String initContext(String contextId, VoiceSettings settings) {
        ObjectNode node = JSON.createObjectNode();
        // The protocol wants a single space as the first message's text.
        node.put("text", " ");
        node.set("voice_settings", settings.toJson());
        return withContext(node, contextId);
    }

    /**
     * A whole text with {@code flush}: it is complete, so waiting for the chunk schedule would only
     * add latency; the context stays open for the next one.
     */
    static String textAndFlush(String contextId, String text) {
        ObjectNode node = JSON.createObjectNode();
        // "Should always end with a single space": the server buffers up to the last word boundary.
        node.put("text", text.endsWith(" ") ? text : text + " ");
        withContext(node, contextId);
        node.put("flush", true);
        return node.toString();
    }

    /** Closes a context: after a flush the server finishes its audio, then sends the final message. */
    static String closeContext(String contextId) {
        ObjectNode node = JSON.createObjectNode();
        withContext(node, contextId);
        node.put("close_context", true);
        return node.toString();
    }

    /** The body of {@code POST /v1/text-to-speech/{voice_id}/stream}, with the text spoken before, or null. */
    static String httpBody(ResolvedRequest request, String previousText) {
        ObjectNode node = JSON.createObjectNode();
        node.put("text", request.text());
        node.put("model_id", request.model());
        if (request.language() != null) {
            node.put("language_code", request.language());
        }
        node.set("voice_settings", request.settings().toJson());
        if (previousText != null && !previousText.isBlank()) {
            node.put("previous_text", previousText);
        }
        return node.toString();
    }

    /** Whether a server message ends its context. */
    static boolean isFinal(JsonNode message) {
        return message.path("isFinal").asBoolean(false) || message.path("is_final").asBoolean(false);
    }

    /** The context a server message belongs to, or null for the default context. */
    static String contextId(JsonNode message) {
        JsonNode id = message.get("contextId");
        if (id == null || !id.isTextual()) {
            id = message.get("context_id");
        }
        return id != null && id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
    }

    /** The base64 audio of a server message, or null (final messages carry null or ""). */
    static String audio(JsonNode message) {
        JsonNode audio = message.get("audio");
        return audio != null && audio.isTextual() && !audio.asText().isEmpty() ? audio.asText() : null;
    }

    private static String withContext(ObjectNode node, String contextId) {
        node.put("context_id", contextId);
        return node.toString();
    }
}
