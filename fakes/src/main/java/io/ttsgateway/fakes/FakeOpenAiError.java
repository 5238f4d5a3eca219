package io.ttsgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the way OpenAI answers one: an HTTP status and the body
 * {@code {"error":{"message","type","param","code"}}} (schema {@code ErrorResponse}; {@code param}
 * and {@code code} may be null).
 *
 * @param status  HTTP status
 * @param type    OpenAI's error type, such as {@code invalid_request_error}
 * @param code    OpenAI's error code, such as {@code invalid_api_key}, or {@code null}
 * @param param   the offending request field, or {@code null}
 * @param message the human-readable message (it may echo part of the key, as the real one does)
 * @param headers extra response headers, such as {@code Retry-After}
 */
public record FakeOpenAiError(int status, String type, String code, String param, String message,
                              Map<String, String> headers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Copies the headers.
     *
     * @param status  HTTP status
     * @param type    error type
     * @param code    error code or {@code null}
     * @param param   field or {@code null}
     * @param message message
     * @param headers extra headers
     */
    public FakeOpenAiError {
        headers = Map.copyOf(headers);
    }

    /**
     * An error without extra headers.
     *
     * @param status  HTTP status
     * @param type    error type
     * @param code    error code or {@code null}
     * @param param   field or {@code null}
     * @param message message
     */
    public FakeOpenAiError(int status, String type, String code, String param, String message) {
        this(status, type, code, param, message, Map.of());
    }

    /**
     * A 400 {@code invalid_request_error} about one field.
     *
     * @param code    error code
     * @param param   the field, or {@code null}
     * @param message message
     * @return the error
     */
    static FakeOpenAiError invalid(String code, String param, String message) {
        return new FakeOpenAiError(400, "invalid_request_error", code, param, message);
    }

    /**
     * The answer to a wrong key: the real message echoes the start and end of the key presented.
     *
     * @param presented the key the client sent
     * @return the 401
     */
    static FakeOpenAiError incorrectKey(String presented) {
        String shown = presented.length() <= 8 ? "***"
                : presented.substring(0, 3) + "*".repeat(Math.min(20, presented.length() - 7))
                        + presented.substring(presented.length() - 4);
        return new FakeOpenAiError(401, "invalid_request_error", "invalid_api_key", null,
                                   "Incorrect API key provided: " + shown + ". You can find your API key at "
                                           + "https://platform.openai.com/account/api-keys.");
    }

    /**
     * The answer to a request without an {@code Authorization} header.
     *
     * @return the 401
     */
    static FakeOpenAiError missingKey() {
        return new FakeOpenAiError(401, "invalid_request_error", null, null,
                                   "You didn't provide an API key. You need to provide your API key in an "
                                           + "Authorization header using Bearer auth (i.e. Authorization: Bearer "
                                           + "YOUR_KEY), or as the password field (with blank username) if you're "
                                           + "accessing the API from your browser and are prompted for a username "
                                           + "and password. You can obtain an API key from "
                                           + "https://platform.openai.com/account/api-keys.");
    }

    /**
     * Throttling: 429 with {@code Retry-After}.
     *
     * @return the 429
     */
    static FakeOpenAiError rateLimited() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", "1");
        return new FakeOpenAiError(429, "requests", "rate_limit_exceeded", null,
                                   "Rate limit reached for tts-1 in organization org-fake on requests per min (RPM):"
                                           + " Limit 3, Used 3, Requested 1. Please try again in 20s.", headers);
    }

    /**
     * No quota left: also a 429, but retrying does not help.
     *
     * @return the 429
     */
    public static FakeOpenAiError insufficientQuota() {
        return new FakeOpenAiError(429, "insufficient_quota", "insufficient_quota", null,
                                   "You exceeded your current quota, please check your plan and billing details.");
    }

    /**
     * An internal failure.
     *
     * @return the 500
     */
    static FakeOpenAiError serverError() {
        return new FakeOpenAiError(500, "server_error", null, null,
                                   "The server had an error while processing your request. Sorry about that!");
    }

    /**
     * The JSON body.
     *
     * @return the bytes
     */
    byte[] body() {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the fake records about it: the code, else the type.
     *
     * @return a short reason
     */
    String reason() {
        return code != null ? code : type;
    }
}
