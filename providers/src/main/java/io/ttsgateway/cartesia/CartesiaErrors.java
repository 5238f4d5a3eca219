package io.ttsgateway.cartesia;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * Turns Cartesia's per-context {@code error} messages into {@link ProviderException}s. Two shapes
 * exist: before version 2026-03-01 a free-text {@code error}; from then on {@code error_code},
 * {@code title} and {@code message}; both carry {@code status_code}. Either text may echo the
 * transcript or the key, so it is read for classification only and never copied into a message.
 */
final class CartesiaErrors {

    /** Error codes (2026-03-01+) that mean throttling, whatever the status says. */
    private static final String[] RATE_CODES = {"concurrency_limited", "rate_limited", "too_many_requests"};
    /** Phrases of free-text errors that mean throttling (older versions give no code). */
    private static final String[] RATE_PHRASES = {"concurrency limit", "concurrent request", "rate limit",
            "too many requests", "too many concurrent"};
    /** Phrases of free-text errors that mean the key was refused. */
    private static final String[] AUTH_PHRASES = {"api key", "api_key", "unauthorized", "unauthenticated",
            "authentication", "invalid token", "forbidden"};

    private CartesiaErrors() {
    }

    /**
     * The failure an {@code error} message reports.
     *
     * @param message the parsed message
     * @return the exception, with a message safe for clients
     */
    static ProviderException fromMessage(JsonNode message) {
        int status = message.path("status_code").asInt(ProviderException.NO_STATUS);
        String code = text(message, "error_code");
        String words = (text(message, "error") + " " + text(message, "title") + " " + text(message, "message"))
                .toLowerCase(Locale.ROOT);
        ProviderErrorKind kind = kind(status, code.toLowerCase(Locale.ROOT), words);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case UNAVAILABLE -> "is unavailable";
            case TIMEOUT -> "timed out";
            case INVALID_REQUEST -> "rejected the request";
            case SYNTHESIS_FAILED -> "failed the request";
        };
        StringBuilder detail = new StringBuilder();
        if (status != ProviderException.NO_STATUS) {
            detail.append("status ").append(status);
        }
        if (!code.isBlank()) {
            detail.append(detail.isEmpty() ? "" : ", ").append(ProviderErrors.safeCode(code));
        }
        String suffix = detail.isEmpty() ? "" : " (" + detail + ")";
        return new ProviderException(kind, status, CartesiaProvider.NAME + " " + what + suffix, null);
    }

    private static ProviderErrorKind kind(int status, String code, String words) {
        if (status == 429 || contains(code, RATE_CODES) || contains(words, RATE_PHRASES)) {
            return ProviderErrorKind.RATE_LIMITED;
        }
        if (status == 401 || status == 402 || status == 403 || code.contains("api_key")
                || code.contains("unauthorized") || contains(words, AUTH_PHRASES) && (status == 0 || status == 400)) {
            return ProviderErrorKind.AUTH_FAILED;
        }
        if (status >= 400) {
            return ProviderErrors.kindOf(status);
        }
        // No usable status: an error is final for its context, and nothing says the request was at fault.
        return ProviderErrorKind.SYNTHESIS_FAILED;
    }

    private static boolean contains(String text, String[] needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode message, String field) {
        JsonNode node = message.get(field);
        return node == null || !node.isTextual() ? "" : node.asText();
    }
}
