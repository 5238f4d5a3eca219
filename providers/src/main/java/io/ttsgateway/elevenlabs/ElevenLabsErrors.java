package io.ttsgateway.elevenlabs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs' error table: the short code read from the wire decides the kind, else the HTTP status
 * or close code, helped by a few phrases; messages carry only the code, never the free text.
 */
final class ElevenLabsErrors {

    /** The socket's inactivity timeout: on an idle socket it only means "reconnect". */
    static final String INPUT_TIMEOUT = "input_timeout_exceeded";
    /** Close code of a policy violation: timeouts, bad messages, quota, too many contexts. */
    static final int POLICY_VIOLATION = 1008;
    /** Close code of an internal error since the 2025-03-31 changelog. */
    static final int INTERNAL_ERROR = 1011;
    /** Label of FastAPI's 422 body, which has no code of its own. */
    static final String VALIDATION_ERROR = "validation_error";

    /** Short codes by kind; quota_exceeded is out of credits, which no retry fixes. */
    private static final Map<String, ProviderErrorKind> CODES = codes(Map.of(
            ProviderErrorKind.AUTH_FAILED, "invalid_api_key missing_api_key needs_authorization unauthorized"
                    + " quota_exceeded detected_unusual_activity only_for_creator+ payment_required",
            ProviderErrorKind.RATE_LIMITED, "too_many_concurrent_requests system_busy rate_limit_exceeded"
                    + " max_active_conversations",
            ProviderErrorKind.INVALID_REQUEST, "voice_not_found model_not_found invalid_input_message"
                    + " voice_settings_changed max_character_limit_exceeded invalid_output_format " + VALIDATION_ERROR,
            ProviderErrorKind.UNAVAILABLE, INPUT_TIMEOUT + " internal_error internal_server_error service_unavailable"));

    /** Phrases of the free text and the code they stand for, first match wins. */
    private static final String[][] PHRASES = {
            {"quota", "quota_exceeded"},
            {"api key|api_key|xi-api-key|unauthorized|authenticat", "invalid_api_key"},
            {"unusual activity", "detected_unusual_activity"},
            {"simultaneous contexts", "max_active_conversations"},
            {"concurrent|rate limit|too many", "too_many_concurrent_requests"},
            {"busy", "system_busy"},
            {"have not received a new text input|input timeout", INPUT_TIMEOUT},
            {"voice_settings", "voice_settings_changed"},
            {"could not parse|invalid message", "invalid_input_message"},
            {"voice.*(not found|does not exist)|(not found|does not exist).*voice", "voice_not_found"},
            {"character limit|characters and exceeds", "max_character_limit_exceeded"},
            {"something went wrong", "internal_error"}};

    private ElevenLabsErrors() {
    }

    /** The kind a provider code stands for, or null when the code is unknown. */
    static ProviderErrorKind kindOfCode(String code) {
        return code == null ? null : CODES.get(code.toLowerCase(Locale.ROOT));
    }

    /** Guesses a code from free text that came without one; only the code leaves this method. */
    static String codeFromText(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        for (String[] phrase : PHRASES) {
            if (Pattern.compile(phrase[0], Pattern.DOTALL).matcher(t).find()) {
                return phrase[1];
            }
        }
        return null;
    }

    /** A failed HTTP request, by its code before its status. */
    static ProviderException forHttp(int status, String code) {
        ProviderErrorKind kind = kindOfCode(code);
        if (kind == null) {
            return ProviderErrors.forStatus(NAME, status, code);
        }
        return new ProviderException(kind, status, NAME + " " + what(kind) + " (HTTP " + status + ", "
                + ProviderErrors.safeCode(code) + ")", null);
    }

    /** A failure reported by an error frame or a close, by the provider's code (or null). */
    static ProviderException forSocket(String code, int closeCode) {
        // A bare 1008 is as often "something went wrong" as a real violation, and a violation by
        // this client would be a bug no retry makes worse.
        ProviderErrorKind kind = kindOfCode(code) == null ? ProviderErrorKind.UNAVAILABLE : kindOfCode(code);
        String suffix = code == null ? "" : ", " + ProviderErrors.safeCode(code);
        return new ProviderException(kind, closeCode, NAME + " " + what(kind) + " (WebSocket close " + closeCode
                + suffix + ")", null);
    }

    /** A socket that closed without an error frame before; the reason only serves to guess a code. */
    static ProviderException forClose(int closeCode, String reason) {
        String code = codeFromText(reason);
        if (code == null && closeCode != POLICY_VIOLATION && closeCode != INTERNAL_ERROR) {
            return ProviderErrors.dropped(NAME, "close " + closeCode);
        }
        return forSocket(code, closeCode);
    }

    private static Map<String, ProviderErrorKind> codes(Map<ProviderErrorKind, String> byKind) {
        Map<String, ProviderErrorKind> codes = new HashMap<>();
        byKind.forEach((kind, names) -> Arrays.stream(names.split(" ")).forEach(code -> codes.put(code, kind)));
        return Map.copyOf(codes);
    }

    private static String what(ProviderErrorKind kind) {
        return switch (kind) {
            case AUTH_FAILED -> "refused the API key or account";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case UNAVAILABLE -> "is unavailable";
            case TIMEOUT -> "timed out";
            case INVALID_REQUEST -> "rejected the request";
            case SYNTHESIS_FAILED -> "answered unexpectedly";
            case BUSY -> "is at capacity";
        };
    }
}
