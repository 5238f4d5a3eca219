package io.ttsgateway.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON messages of {@code /v1/speak}: what the gateway sends, and what it reads from what
 * Deepgram sends. Thread-safe.
 */
final class DeepgramMessages {

    /** Speak everything sent so far; answered by {@code Flushed}. */
    static final String FLUSH = "{\"type\":\"Flush\"}";
    /** Drop the text sent so far and stop its audio; answered by {@code Cleared}. */
    static final String CLEAR = "{\"type\":\"Clear\"}";
    /** Finish and close the socket; Deepgram answers with close 1000. */
    static final String CLOSE = "{\"type\":\"Close\"}";

    /** Server message types. */
    static final String METADATA = "Metadata";
    /** Server message types. */
    static final String FLUSHED = "Flushed";
    /** Server message types. */
    static final String CLEARED = "Cleared";
    /** Server message types. */
    static final String WARNING = "Warning";
    /** Server message types; not in the AsyncAPI, but handled by Deepgram's own v4 SDK. */
    static final String ERROR = "Error";

    /** Sequence id of a message that carries none. */
    static final long NO_SEQUENCE = -1;

    /**
     * A message from Deepgram, reduced to what the client acts on. Free text (warning and error
     * descriptions) is deliberately not kept: it must not reach logs or clients unchecked.
     *
     * @param type       the {@code type} field
     * @param sequenceId {@code sequence_id} of {@code Flushed}/{@code Cleared}, or {@link #NO_SEQUENCE}
     * @param code       a warning's or error's code ({@code warn_code}, or the spec's {@code code}, or
     *                   an error's {@code variant}/{@code err_code}), or {@code null}
     * @param requestId  {@code request_id} of {@code Metadata}, or {@code null}
     */
    record Incoming(String type, long sequenceId, String code, String requestId) {
    }

    private final ObjectMapper json;

    /**
     * Creates the codec.
     *
     * @param json the provider's mapper
     */
    DeepgramMessages(ObjectMapper json) {
        this.json = json;
    }

    /**
     * A {@code Speak} message.
     *
     * @param text at most {@link SpeakSplitter#MAX_SPEAK_CHARS} characters
     * @return the JSON
     */
    String speak(String text) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "Speak");
        node.put("text", text);
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of two strings always serializes; this would be a Jackson bug.
            throw new IllegalStateException("cannot serialize a Speak message", e);
        }
    }

    /**
     * Reads a text message from Deepgram.
     *
     * @param text the message
     * @return the message, or {@code null} when it is not a JSON object with a type
     */
    Incoming parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            return null;
        }
        JsonNode sequence = node.path("sequence_id");
        return new Incoming(node.get("type").asText(),
                            sequence.canConvertToLong() ? sequence.asLong() : NO_SEQUENCE,
                            firstText(node, "warn_code", "code", "variant", "err_code"),
                            firstText(node, "request_id"));
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
