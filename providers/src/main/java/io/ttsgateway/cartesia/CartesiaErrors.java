package io.ttsgateway.cartesia;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * Cartesia's {@code error} messages as {@link ProviderException}s. Before version 2026-03-01 they
 * carry a free-text {@code error}, from then on {@code error_code}, {@code title} and
 * {@code message}; both have {@code status_code}. Any of these texts may echo the transcript or the
 * key, so they are read to classify and never copied.
 */
final class CartesiaErrors {

    /** Codes (2026-03-01+) and phrases (older free text) that mean throttling, whatever the status. */
    private static final List<String> RATE = List.of("concurrency_limited", "rate_limited", "too_many_requests",
                                                     "concurrency limit", "concurrent request", "rate limit",
                                                     "too many requests", "too many concurrent");
    /** Phrases of free-text errors that mean the key was refused. */
    private static final List<String> AUTH = List.of("api key", "api_key", "unauthorized", "unauthenticated",
                                                     "authentication", "invalid token", "forbidden");

    private CartesiaErrors() {
    }

    /**
     * The failure an {@code error} message (or a refused HTTP call, shaped like one) reports.
     *
     * @param message the parsed message
     * @return the exception, with a message safe for clients
     */
    static ProviderException fromMessage(JsonNode message) {
        int status = message.path("status_code").asInt(ProviderException.NO_STATUS);
        String code = text(message, "error_code");
        String words = String.join(" ", text(message, "error"), text(message, "title"), text(message, "message"),
                                   code).toLowerCase(Locale.ROOT);
        ProviderErrorKind kind = kind(status, code.toLowerCase(Locale.ROOT), words);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case UNAVAILABLE -> "is unavailable";
            case TIMEOUT -> "timed out";
            case INVALID_REQUEST -> "rejected the request";
            case SYNTHESIS_FAILED -> "failed the request";
        };
        String detail = Stream.of(status == ProviderException.NO_STATUS ? "" : "status " + status,
                                  code.isBlank() ? "" : ProviderErrors.safeCode(code))
                .filter(part -> !part.isEmpty()).collect(Collectors.joining(", "));
        return new ProviderException(kind, status, CartesiaProvider.NAME + " " + what
                + (detail.isEmpty() ? "" : " (" + detail + ")"), null);
    }

    private static ProviderErrorKind kind(int status, String code, String words) {
        if (status == 429 || RATE.stream().anyMatch(words::contains)) {
            return ProviderErrorKind.RATE_LIMITED;
        }
        if (status == 401 || status == 402 || status == 403 || code.contains("api_key")
                || code.contains("unauthorized") || (status == 0 || status == 400)
                && AUTH.stream().anyMatch(words::contains)) {
            return ProviderErrorKind.AUTH_FAILED;
        }
        // Without a usable status an error is final for its context, and nothing says the request was at fault.
        return status >= 400 ? ProviderErrors.kindOf(status) : ProviderErrorKind.SYNTHESIS_FAILED;
    }

    private static String text(JsonNode message, String field) {
        JsonNode node = message.get(field);
        return node == null || !node.isTextual() ? "" : node.asText();
    }
}
