package io.ttsgateway.elevenlabs;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * Turns what ElevenLabs says when it fails into a {@link ProviderException} of the right kind.
 *
 * <p>ElevenLabs reports failures in three shapes: HTTP bodies {@code {"detail":{"status":..,"message":..}}}
 * (or FastAPI's {@code {"detail":[...]}} for 422), WebSocket error frames
 * {@code {"message":..,"error":..,"code":1008}} followed by a close, and bare close frames whose
 * reason is the message. The short code ({@code status}/{@code error}) decides the kind when there
 * is one; otherwise the HTTP status or close code does, helped by a few phrases of the free text.
 * Exception messages carry only the short code, never the provider's free text.
 */
final class ElevenLabsErrors {

    /** The socket's inactivity timeout: on an idle socket it only means "reconnect". */
    static final String INPUT_TIMEOUT = "input_timeout_exceeded";
    /** Close code of a policy violation: timeouts, bad messages, quota, too many contexts. */
    static final int POLICY_VIOLATION = 1008;
    /** Close code of an internal error since the 2025-03-31 changelog. */
    static final int INTERNAL_ERROR = 1011;
    /** Normal close. */
    static final int NORMAL_CLOSURE = 1000;
    /** Going away. */
    static final int GOING_AWAY = 1001;
    /** Label of FastAPI's 422 body, which has no code of its own. */
    static final String VALIDATION_ERROR = "validation_error";

    private static final Map<String, ProviderErrorKind> CODES = Map.ofEntries(
            Map.entry("invalid_api_key", ProviderErrorKind.AUTH_FAILED),
            Map.entry("missing_api_key", ProviderErrorKind.AUTH_FAILED),
            Map.entry("needs_authorization", ProviderErrorKind.AUTH_FAILED),
            Map.entry("unauthorized", ProviderErrorKind.AUTH_FAILED),
            // Out of credits: nothing a retry fixes, the account must be topped up.
            Map.entry("quota_exceeded", ProviderErrorKind.AUTH_FAILED),
            Map.entry("detected_unusual_activity", ProviderErrorKind.AUTH_FAILED),
            Map.entry("only_for_creator+", ProviderErrorKind.AUTH_FAILED),
            Map.entry("payment_required", ProviderErrorKind.AUTH_FAILED),
            Map.entry("too_many_concurrent_requests", ProviderErrorKind.RATE_LIMITED),
            Map.entry("system_busy", ProviderErrorKind.RATE_LIMITED),
            Map.entry("rate_limit_exceeded", ProviderErrorKind.RATE_LIMITED),
            Map.entry("max_active_conversations", ProviderErrorKind.RATE_LIMITED),
            Map.entry("voice_not_found", ProviderErrorKind.INVALID_REQUEST),
            Map.entry("model_not_found", ProviderErrorKind.INVALID_REQUEST),
            Map.entry("invalid_input_message", ProviderErrorKind.INVALID_REQUEST),
            Map.entry("voice_settings_changed", ProviderErrorKind.INVALID_REQUEST),
            Map.entry("max_character_limit_exceeded", ProviderErrorKind.INVALID_REQUEST),
            Map.entry("invalid_output_format", ProviderErrorKind.INVALID_REQUEST),
            Map.entry(VALIDATION_ERROR, ProviderErrorKind.INVALID_REQUEST),
            Map.entry(INPUT_TIMEOUT, ProviderErrorKind.UNAVAILABLE),
            Map.entry("internal_error", ProviderErrorKind.UNAVAILABLE),
            Map.entry("internal_server_error", ProviderErrorKind.UNAVAILABLE),
            Map.entry("service_unavailable", ProviderErrorKind.UNAVAILABLE));

    private ElevenLabsErrors() {
    }

    /**
     * The kind a provider code stands for.
     *
     * @param code the code, or {@code null}
     * @return its kind, or {@code null} when the code is unknown
     */
    static ProviderErrorKind kindOfCode(String code) {
        return code == null ? null : CODES.get(code.toLowerCase(Locale.ROOT));
    }

    /**
     * Guesses a code from free text, for errors that came without one (close reasons, older frames).
     * Only the code leaves this method; the text is never repeated.
     *
     * @param text the provider's message, or {@code null}
     * @return a code of {@link #kindOfCode}, or {@code null}
     */
    static String codeFromText(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("quota")) {
            return "quota_exceeded";
        }
        if (t.contains("api key") || t.contains("api_key") || t.contains("xi-api-key") || t.contains("unauthorized")
                || t.contains("authenticat")) {
            return "invalid_api_key";
        }
        if (t.contains("unusual activity")) {
            return "detected_unusual_activity";
        }
        if (t.contains("simultaneous contexts")) {
            return "max_active_conversations";
        }
        if (t.contains("concurrent") || t.contains("rate limit") || t.contains("too many")) {
            return "too_many_concurrent_requests";
        }
        if (t.contains("busy")) {
            return "system_busy";
        }
        if (t.contains("have not received a new text input") || t.contains("input timeout")) {
            return INPUT_TIMEOUT;
        }
        if (t.contains("voice_settings")) {
            return "voice_settings_changed";
        }
        if (t.contains("could not parse") || t.contains("invalid message")) {
            return "invalid_input_message";
        }
        if (t.contains("voice") && (t.contains("not found") || t.contains("does not exist"))) {
            return "voice_not_found";
        }
        if (t.contains("character limit") || t.contains("characters and exceeds")) {
            return "max_character_limit_exceeded";
        }
        if (t.contains("something went wrong")) {
            return "internal_error";
        }
        return null;
    }

    /**
     * The code of an HTTP error body.
     *
     * @param body the parsed body, or {@code null} when it was not JSON
     * @return {@code detail.status}, a label for a validation error, a code guessed from the
     *         message, or {@code null}
     */
    static String httpCode(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode detail = body.path("detail");
        if (detail.isObject()) {
            String status = text(detail.get("status"));
            return status != null ? status : codeFromText(text(detail.get("message")));
        }
        if (detail.isArray()) {
            return VALIDATION_ERROR;
        }
        if (detail.isTextual()) {
            return codeFromText(detail.asText());
        }
        String error = text(body.get("error"));
        return error != null ? error : codeFromText(text(body.get("message")));
    }

    /**
     * A failed HTTP request.
     *
     * @param status the HTTP status
     * @param code   the code from {@link #httpCode}, or {@code null}
     * @return the exception
     */
    static ProviderException forHttp(int status, String code) {
        ProviderErrorKind kind = kindOfCode(code);
        if (kind == null) {
            return ProviderErrors.forStatus(ElevenLabsProvider.NAME, status, code);
        }
        return new ProviderException(kind, status, ElevenLabsProvider.NAME + " " + what(kind) + " (HTTP " + status
                + ", " + ProviderErrors.safeCode(code) + ")", null);
    }

    /**
     * The code of a WebSocket error frame.
     *
     * @param frame the parsed frame
     * @return {@code error}, or a code guessed from {@code message}, or {@code null}
     */
    static String frameCode(JsonNode frame) {
        String error = text(frame.get("error"));
        if (error != null && kindOfCode(error) != null) {
            return error;
        }
        String guessed = codeFromText(text(frame.get("message")));
        return guessed != null ? guessed : error;
    }

    /**
     * Whether a server message is an error frame rather than audio or a final message.
     *
     * @param frame the parsed message
     * @return true when it carries an error
     */
    static boolean isErrorFrame(JsonNode frame) {
        if (frame.hasNonNull("error")) {
            return true;
        }
        return frame.hasNonNull("message") && !frame.hasNonNull("audio") && !ElevenLabsMessages.isFinal(frame);
    }

    /**
     * A failure reported by an error frame or a close.
     *
     * @param code      the provider's code, or {@code null}
     * @param closeCode the WebSocket close code the error came with
     * @return the exception
     */
    static ProviderException forSocket(String code, int closeCode) {
        ProviderErrorKind kind = kindOfCode(code);
        if (kind == null) {
            // 1011 is an internal error; a bare 1008 is as often "something went wrong" as a real
            // violation, and a violation by this client would be a bug no retry makes worse.
            kind = ProviderErrorKind.UNAVAILABLE;
        }
        String suffix = code == null ? "" : ", " + ProviderErrors.safeCode(code);
        return new ProviderException(kind, closeCode, ElevenLabsProvider.NAME + " " + what(kind)
                + " (WebSocket close " + closeCode + suffix + ")", null);
    }

    /**
     * A socket that closed while requests were still in flight, without an error frame before.
     *
     * @param closeCode the close code
     * @param reason    the close reason (free text, only used to guess a code)
     * @return the exception
     */
    static ProviderException forClose(int closeCode, String reason) {
        String code = codeFromText(reason);
        if (code == null && closeCode != POLICY_VIOLATION && closeCode != INTERNAL_ERROR) {
            return ProviderErrors.dropped(ElevenLabsProvider.NAME, "close " + closeCode);
        }
        return forSocket(code, closeCode);
    }

    private static String what(ProviderErrorKind kind) {
        return switch (kind) {
            case AUTH_FAILED -> "refused the API key or account";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case UNAVAILABLE -> "is unavailable";
            case TIMEOUT -> "timed out";
            case INVALID_REQUEST -> "rejected the request";
            case SYNTHESIS_FAILED -> "answered unexpectedly";
        };
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }
}
