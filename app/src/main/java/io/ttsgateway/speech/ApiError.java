package io.ttsgateway.speech;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.Status;

import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;

/**
 * An error in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, with the status
 * OpenAI uses for it.
 */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;
    private static final String INVALID_REQUEST = "invalid_request_error";
    private static final String SERVER_ERROR = "server_error";

    private final transient Status status;
    private final String type;
    private final String param;
    private final String code;
    private final transient Duration retryAfter;

    private ApiError(Status status, String type, String param, String code, String message) {
        this(status, type, param, code, message, null);
    }

    private ApiError(Status status, String type, String param, String code, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** A request the client must fix (400). */
    static ApiError invalid(String param, String message) {
        return new ApiError(Status.BAD_REQUEST_400, INVALID_REQUEST, param, null, message);
    }

    /** A missing or wrong client key (401). */
    static ApiError unauthorized() {
        return new ApiError(Status.UNAUTHORIZED_401, INVALID_REQUEST, null, "invalid_api_key",
                            "A valid API key is required: Authorization: Bearer <key>.");
    }

    /** A model no provider serves (404). */
    static ApiError unknownModel(String model) {
        return new ApiError(Status.NOT_FOUND_404, INVALID_REQUEST, "model", "model_not_found",
                            "The model '" + model + "' does not exist. GET /v1/models lists the models.");
    }

    /** Too many requests from this key (429). */
    static ApiError rateLimited(int perMinute) {
        return new ApiError(Status.TOO_MANY_REQUESTS_429, "rate_limit_error", null, "rate_limit_exceeded",
                            "More than " + perMinute + " requests per minute.");
    }

    /** The gateway cannot take the request now (503). */
    static ApiError busy(String message) {
        return new ApiError(Status.SERVICE_UNAVAILABLE_503, SERVER_ERROR, null, "server_busy", message);
    }

    /** A failure of the synthesis, mapped from the gateway's error code. */
    static ApiError of(GatewayError error) {
        ErrorCode code = error.code();
        String wire = code.wireName();
        return switch (code) {
            case INVALID_REQUEST, INVALID_MESSAGE, TEXT_TOO_LONG, UNSUPPORTED_FORMAT ->
                    new ApiError(Status.BAD_REQUEST_400, INVALID_REQUEST, null, wire, error.message());
            case UNKNOWN_PROVIDER -> new ApiError(Status.NOT_FOUND_404, INVALID_REQUEST, "model", wire, error.message());
            case UNAUTHORIZED -> unauthorized();
            case RATE_LIMIT_EXCEEDED, PROVIDER_RATE_LIMITED, QUOTA_EXCEEDED ->
                    new ApiError(Status.TOO_MANY_REQUESTS_429, "rate_limit_error", null, wire, error.message(),
                                 error.retryAfter());
            case FORBIDDEN -> new ApiError(Status.FORBIDDEN_403, "permission_error", null, wire, error.message());
            case PROVIDER_UNAVAILABLE, PROVIDER_TIMEOUT, SERVER_BUSY, QUEUE_FULL ->
                    new ApiError(Status.SERVICE_UNAVAILABLE_503, SERVER_ERROR, null, wire, error.message(),
                                 error.retryAfter());
            default -> new ApiError(Status.INTERNAL_SERVER_ERROR_500, SERVER_ERROR, null, wire, error.message());
        };
    }

    Status status() {
        return status;
    }

    /** When the same request may succeed ({@code Retry-After}), or {@code null}. */
    Duration retryAfter() {
        return retryAfter;
    }

    /**
     * The error as OpenAI's JSON body.
     *
     * @param mapper the JSON mapper
     * @return the body
     */
    ObjectNode body(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}
