package io.ttsgateway.uplift;

import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * The messages of Uplift's multi-stream WebSocket and the meaning of its error codes.
 */
final class UpliftProtocol {

    /** Path of the plain-WebSocket endpoint under the base URL. */
    static final String PATH = "/v1/text-to-speech/multi-stream";

    /** Server: the connection may take requests. */
    static final String READY = "ready";
    /** Server: a request was accepted and its audio begins. */
    static final String AUDIO_START = "audio_start";
    /** Server: one chunk of a request's audio. */
    static final String AUDIO = "audio";
    /** Server: a request's audio is complete. */
    static final String AUDIO_END = "audio_end";
    /** Server: a request, or without {@code requestId} the connection, failed. */
    static final String ERROR = "error";

    /** Error code: the key was refused. */
    static final String AUTH_FAILED = "auth_failed";
    /** Error code: the text-to-speech service failed; the documentation says to retry with backoff. */
    static final String SYNTHESIS_FAILED = "synthesis_failed";
    /** Error code: the request id was used before on this connection. */
    static final String DUPLICATE_REQUEST = "duplicate_request";
    /** Error code: over 60 requests a minute on this connection. */
    static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    /** Error code: over 10,000 characters. */
    static final String TEXT_TOO_LONG = "text_too_long";

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpliftProtocol() {
    }

    /**
     * The shared JSON mapper (thread-safe once configured).
     *
     * @return the mapper
     */
    static ObjectMapper json() {
        return JSON;
    }

    /**
     * A {@code synthesize} message.
     *
     * @param requestId the request's id on the connection
     * @param request   what to synthesize
     * @return the JSON text
     */
    static String synthesize(String requestId, UpliftRequest request) {
        ObjectNode message = JSON.createObjectNode()
                .put("type", "synthesize")
                .put("requestId", requestId)
                .put("text", request.text())
                .put("voiceId", request.voiceId())
                .put("outputFormat", request.format().name());
        if (request.speed() != null) {
            message.put("speed", request.speed().doubleValue());
        }
        return message.toString();
    }

    /**
     * A {@code cancel} message.
     *
     * @param requestId the request to stop
     * @return the JSON text
     */
    static String cancel(String requestId) {
        return JSON.createObjectNode().put("type", "cancel").put("requestId", requestId).toString();
    }

    /**
     * The failure an error code means. The provider's free-text message is never used: it may
     * echo what was sent, and these messages reach clients.
     *
     * @param code the {@code code} field, or {@code null}
     * @return the exception
     */
    static ProviderException error(String code) {
        ProviderErrorKind kind = kindOf(code);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this connection";
            case UNAVAILABLE -> "failed to synthesize";
            case INVALID_REQUEST -> "rejected the request";
            default -> "reported an error";
        };
        String shown = code == null || code.isBlank() ? "no code" : ProviderErrors.safeCode(code);
        return new ProviderException(kind, ProviderException.NO_STATUS, UpliftProvider.NAME + " " + what + " ("
                + shown + ")", null);
    }

    /**
     * The kind of failure an error code means; codes the documentation does not list are judged by
     * their words, so a renamed or new code still lands near the right kind.
     *
     * @param code the code, or {@code null}
     * @return the kind
     */
    static ProviderErrorKind kindOf(String code) {
        if (code == null) {
            return ProviderErrorKind.SYNTHESIS_FAILED;
        }
        String c = code.toLowerCase(Locale.ROOT);
        return switch (c) {
            case AUTH_FAILED -> ProviderErrorKind.AUTH_FAILED;
            case RATE_LIMIT_EXCEEDED -> ProviderErrorKind.RATE_LIMITED;
            case SYNTHESIS_FAILED -> ProviderErrorKind.UNAVAILABLE;
            case TEXT_TOO_LONG, DUPLICATE_REQUEST -> ProviderErrorKind.INVALID_REQUEST;
            default -> {
                if (c.contains("auth") || c.contains("api_key") || c.contains("forbidden")
                        || c.contains("balance") || c.contains("credit")) {
                    yield ProviderErrorKind.AUTH_FAILED;
                }
                if (c.contains("rate") || c.contains("too_many") || c.contains("concurren") || c.contains("quota")) {
                    yield ProviderErrorKind.RATE_LIMITED;
                }
                if (c.contains("unavailable") || c.contains("internal") || c.contains("timeout")
                        || c.contains("overload")) {
                    yield ProviderErrorKind.UNAVAILABLE;
                }
                if (c.contains("invalid") || c.contains("too_long") || c.contains("unsupported")
                        || c.contains("not_found") || c.contains("duplicate")) {
                    yield ProviderErrorKind.INVALID_REQUEST;
                }
                yield ProviderErrorKind.SYNTHESIS_FAILED;
            }
        };
    }
}
