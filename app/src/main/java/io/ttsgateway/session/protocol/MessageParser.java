package io.ttsgateway.session.protocol;

import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a client text message into a {@link ClientMessage}, or explains precisely what is wrong.
 * Also reads the connection's default options from the upgrade's query string, with the same rules.
 */
public final class MessageParser {

    /** Longest client-chosen request id. */
    private static final int MAX_REQUEST_ID_LENGTH = 128;
    /** Longest value of an option such as voice or format. */
    private static final int MAX_OPTION_LENGTH = 256;
    /** A BCP 47-like language tag: {@code en}, {@code pt-BR}, {@code zh-Hant-TW}. */
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private final ObjectMapper mapper;
    private final int maxTextLength;

    /**
     * Creates the parser.
     *
     * @param mapper        JSON mapper
     * @param maxTextLength longest text of one request, in characters
     */
    public MessageParser(ObjectMapper mapper, int maxTextLength) {
        this.mapper = mapper;
        this.maxTextLength = maxTextLength;
    }

    /**
     * Parses and validates one whole message.
     *
     * @param json the message
     * @return the message
     * @throws ProtocolException when it is malformed, with the request id when one could be read
     */
    public ClientMessage parse(String json) throws ProtocolException {
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
            case "synthesize" -> new ClientMessage.Synthesize(requestId, text(root, requestId, false),
                                                              options(root, requestId));
            case "append" -> new ClientMessage.Append(required(requestId, "append"), text(root, requestId, true),
                                                      options(root, requestId));
            case "flush" -> new ClientMessage.Flush(required(requestId, "flush"));
            case "end" -> new ClientMessage.End(required(requestId, "end"));
            case "cancel" -> new ClientMessage.Cancel(requestId);
            default -> throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                                                   "unknown action; expected synthesize, append, flush, end or cancel",
                                                   requestId);
        };
    }

    /**
     * Reads default options from the upgrade's query parameters.
     *
     * @param parameter the first value of a query parameter, or {@code null} when absent
     * @return the defaults
     * @throws ProtocolException when a value is malformed (an unknown provider or format is only
     *                           found out when a request uses it)
     */
    public static RequestOptions queryOptions(Function<String, String> parameter) throws ProtocolException {
        String speed = parameter.apply("speed");
        String timestamps = parameter.apply("timestamps");
        Double parsedSpeed = null;
        if (speed != null) {
            try {
                parsedSpeed = Double.valueOf(speed);
            } catch (NumberFormatException e) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "query parameter speed must be a number");
            }
        }
        if (timestamps != null && !timestamps.equals("true") && !timestamps.equals("false")) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "query parameter timestamps must be true or false");
        }
        RequestOptions options = new RequestOptions(queryString(parameter, "provider"), queryString(parameter, "voice"),
                                                    queryString(parameter, "model"), queryString(parameter, "format"),
                                                    parsedSpeed, queryString(parameter, "language"),
                                                    timestamps == null ? null : Boolean.valueOf(timestamps));
        validate(options, null);
        return options;
    }

    private String text(JsonNode root, String requestId, boolean whitespaceAllowed) throws ProtocolException {
        JsonNode text = root.get("text");
        if (text == null || text.isNull()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"text\" is required", requestId);
        }
        if (!text.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"text\" must be a string", requestId);
        }
        String value = text.asText();
        if (whitespaceAllowed ? value.isEmpty() : value.isBlank()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"text\" must not be empty", requestId);
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxTextLength) {
            throw new ProtocolException(ErrorCode.TEXT_TOO_LONG, "text has " + length + " characters; the limit is "
                    + maxTextLength, requestId);
        }
        return value;
    }

    private static RequestOptions options(JsonNode root, String requestId) throws ProtocolException {
        RequestOptions options = new RequestOptions(optionalString(root, "provider", MAX_OPTION_LENGTH, requestId),
                                                    optionalString(root, "voice", MAX_OPTION_LENGTH, requestId),
                                                    optionalString(root, "model", MAX_OPTION_LENGTH, requestId),
                                                    optionalString(root, "format", MAX_OPTION_LENGTH, requestId),
                                                    optionalNumber(root, "speed", requestId),
                                                    optionalString(root, "language", MAX_OPTION_LENGTH, requestId),
                                                    optionalBoolean(root, "timestamps", requestId));
        validate(options, requestId);
        return options;
    }

    private static void validate(RequestOptions options, String requestId) throws ProtocolException {
        Double speed = options.speed();
        if (speed != null && !(speed >= RequestOptions.MIN_SPEED && speed <= RequestOptions.MAX_SPEED)) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"speed\" must be between "
                    + RequestOptions.MIN_SPEED + " and " + RequestOptions.MAX_SPEED, requestId);
        }
        String language = options.language();
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                                        "\"language\" must be a language code such as en or pt-BR", requestId);
        }
    }

    private static String required(String requestId, String action) throws ProtocolException {
        if (requestId == null) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"" + action + "\" needs a \"requestId\"");
        }
        return requestId;
    }

    private static String queryString(Function<String, String> parameter, String name) throws ProtocolException {
        String value = parameter.apply(name);
        if (value != null && value.length() > MAX_OPTION_LENGTH) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "query parameter " + name + " must have at most "
                    + MAX_OPTION_LENGTH + " characters");
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private static Boolean optionalBoolean(JsonNode root, String field, String requestId) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"" + field + "\" must be true or false", requestId);
        }
        return node.booleanValue();
    }

    private static Double optionalNumber(JsonNode root, String field, String requestId) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "\"" + field + "\" must be a number", requestId);
        }
        return node.doubleValue();
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
