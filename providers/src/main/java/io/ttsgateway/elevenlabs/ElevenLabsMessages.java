package io.ttsgateway.elevenlabs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON ElevenLabs and this client exchange: client messages of the multi-context WebSocket and
 * the HTTP body built here, server messages read here. Field spellings differ between the AsyncAPI,
 * the docs and the SDKs ({@code isFinal}/{@code is_final}, {@code contextId}/{@code context_id});
 * readers accept both.
 */
final class ElevenLabsMessages {

    /** Thread-safe once configured; shared by all connections. */
    static final ObjectMapper JSON = new ObjectMapper();

    /** The text of a context's first message: the protocol requires a single space. */
    static final String INIT_TEXT = " ";

    private ElevenLabsMessages() {
    }

    /**
     * Opens a context with its voice settings (InitialiseContext). Settings may only come in a
     * context's first message, so this is always the first message of every context.
     *
     * @param contextId the context
     * @param settings  the voice settings
     * @return the message
     */
    static String initContext(String contextId, VoiceSettings settings) {
        ObjectNode node = JSON.createObjectNode();
        node.put("text", INIT_TEXT);
        node.set("voice_settings", settings.toJson());
        node.put("context_id", contextId);
        return write(node);
    }

    /**
     * The whole text of a request or of one segment of an utterance, flushed at once (SendTextMulti
     * with {@code flush}): the text is complete, so waiting for the chunk schedule would only add
     * latency. A segment's flush keeps its context open for the next one.
     *
     * @param contextId the context
     * @param text      the text
     * @return the message
     */
    static String textAndFlush(String contextId, String text) {
        ObjectNode node = JSON.createObjectNode();
        // "Should always end with a single space": the server buffers up to the last word boundary.
        node.put("text", text.endsWith(" ") ? text : text + " ");
        node.put("context_id", contextId);
        node.put("flush", true);
        return write(node);
    }

    /**
     * Closes a context (CloseContext). After a flush the server finishes the flushed audio and then
     * sends the context's final message; before, it stops at once. Used for both the end of a
     * request's input and its cancellation.
     *
     * @param contextId the context
     * @return the message
     */
    static String closeContext(String contextId) {
        ObjectNode node = JSON.createObjectNode();
        node.put("context_id", contextId);
        node.put("close_context", true);
        return write(node);
    }

    /**
     * The body of {@code POST /v1/text-to-speech/{voice_id}/stream}.
     *
     * @param request      the request
     * @param previousText the text spoken just before, for continuity across separately generated
     *                     segments ({@code previous_text}), or {@code null}
     * @return the JSON body
     */
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
        return write(node);
    }

    /**
     * Whether a server message ends its context.
     *
     * @param message the message
     * @return true for {@code isFinal} or {@code is_final} true
     */
    static boolean isFinal(JsonNode message) {
        return message.path("isFinal").asBoolean(false) || message.path("is_final").asBoolean(false);
    }

    /**
     * The context a server message belongs to.
     *
     * @param message the message
     * @return {@code contextId} or {@code context_id}, or {@code null} for the default context
     */
    static String contextId(JsonNode message) {
        JsonNode id = message.get("contextId");
        if (id == null || !id.isTextual()) {
            id = message.get("context_id");
        }
        return id != null && id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
    }

    /**
     * The base64 audio of a server message.
     *
     * @param message the message
     * @return the base64 text, or {@code null} when there is none (final messages carry null or "")
     */
    static String audio(JsonNode message) {
        JsonNode audio = message.get("audio");
        return audio != null && audio.isTextual() && !audio.asText().isEmpty() ? audio.asText() : null;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serializes.
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }
}
