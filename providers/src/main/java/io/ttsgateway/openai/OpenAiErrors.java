package io.ttsgateway.openai;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.openai.OpenAiSettings.NAME;

/**
 * Turns an OpenAI error response, {@code {"error":{"message","type","param","code"}}}, into a
 * {@link ProviderException}. Only the short {@code code} (or {@code type}) is kept: the
 * {@code message} echoes part of the key ({@code Incorrect API key provided: sk-abc***}) and never
 * leaves this class.
 */
final class OpenAiErrors {

    static final String INVALID_API_KEY = "invalid_api_key";
    /** The code (and type) of an account without credit: a 429 that waiting does not cure. */
    static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";

    private static final ObjectMapper JSON = JsonMappers.create();

    private OpenAiErrors() {
    }

    /** The failure an error response means; the body may be cut short or not JSON at all. */
    static ProviderException of(int status, byte[] body) {
        String code = null;
        String type = null;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            code = text(error, "code");
            type = text(error, "type");
        } catch (IOException | RuntimeException e) {
            // Not OpenAI's JSON (a proxy's page, a cut body): the status alone decides.
        }
        if (INSUFFICIENT_QUOTA.equals(code) || INSUFFICIENT_QUOTA.equals(type)) {
            // Billing, not load: retrying or failing over to the same account cannot help.
            return new ProviderException(ProviderErrorKind.AUTH_FAILED, status, NAME
                    + " refused the request: the account's quota is used up (HTTP " + status + ", "
                    + INSUFFICIENT_QUOTA + ")", null);
        }
        String shortCode = code != null ? code : type;
        if (INVALID_API_KEY.equals(code) && ProviderErrors.kindOf(status) != ProviderErrorKind.AUTH_FAILED) {
            return kind(ProviderErrorKind.AUTH_FAILED, status, "refused the API key", code);
        }
        if (RATE_LIMIT_EXCEEDED.equals(code) && status != 429) {
            return kind(ProviderErrorKind.RATE_LIMITED, status, "is rate limiting this gateway", code);
        }
        return ProviderErrors.forStatus(NAME, status, shortCode);
    }

    private static ProviderException kind(ProviderErrorKind kind, int status, String what, String code) {
        return new ProviderException(kind, status, NAME + " " + what + " (HTTP " + status + ", "
                + ProviderErrors.safeCode(code) + ")", null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
