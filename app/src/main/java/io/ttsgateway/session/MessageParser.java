package io.ttsgateway.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a client text message into a {@link ClientMessage}, or explains precisely what is wrong.
 */
final class MessageParser {

    /** Longest client-chosen request id. */
    static final int MAX_REQUEST_ID_LENGTH = 128;
    /** Longest value of an option such as voice or format. */
    static final int MAX_OPTION_LENGTH = 256;

    private final ObjectMapper mapper;
    private final int maxTextLength;

    MessageParser(ObjectMapper mapper, int maxTextLength) {
        this.mapper = mapper;
        this.maxTextLength = maxTextLength;
    }

    ClientMessage parse(String json) throws ProtocolException {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "message is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "message must be a JSON object with an \"action\"");
        }
        String requestId = optionalString(root, "requestId", MAX_REQUEST_ID_LENGTH, null);
        JsonNode action = root.get("action");
        if (action == null || !action.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"action\" must be a string", requestId);
        }
        return switch (action.asText()) {
            case "synthesize" -> synthesize(root, requestId);
            case "cancel" -> new ClientMessage.Cancel(requestId);
            case "append", "flush", "end" -> throw new ProtocolException(
                    ErrorCode.INVALID_MESSAGE, "streaming input (\"" + action.asText() + "\") is not supported yet",
                    requestId);
            default -> throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                                                   "unknown action; expected synthesize or cancel", requestId);
        };
    }

    private ClientMessage.Synthesize synthesize(JsonNode root, String requestId) throws ProtocolException {
        JsonNode text = root.get("text");
        if (text == null || text.isNull()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"text\" is required", requestId);
        }
        if (!text.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"text\" must be a string", requestId);
        }
        String value = text.asText();
        if (value.isBlank()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"text\" must not be empty", requestId);
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxTextLength) {
            throw new ProtocolException(ErrorCode.TEXT_TOO_LONG, "text has " + length + " characters; the limit is "
                    + maxTextLength, requestId);
        }
        return new ClientMessage.Synthesize(requestId, value,
                                            optionalString(root, "voice", MAX_OPTION_LENGTH, requestId),
                                            optionalString(root, "provider", MAX_OPTION_LENGTH, requestId),
                                            optionalString(root, "format", MAX_OPTION_LENGTH, requestId),
                                            optionalBoolean(root, "timestamps", requestId));
    }

    private static boolean optionalBoolean(JsonNode root, String field, String requestId) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"" + field + "\" must be true or false", requestId);
        }
        return node.booleanValue();
    }

    private static String optionalString(JsonNode root, String field, int maxLength, String requestId)
            throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > maxLength) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"" + field + "\" must be a non-empty string of at most "
                    + maxLength + " characters", requestId);
        }
        return node.asText();
    }
}
