package io.ttsgateway.openai;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * OpenAI's error responses mapped to kinds, with only their short code kept.
 */
class OpenAiErrorsTest {

    private static byte[] body(String type, String code) {
        String json = "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***wxyz.\",\"type\":"
                + (type == null ? "null" : "\"" + type + "\"") + ",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "401, invalid_request_error, invalid_api_key, AUTH_FAILED",
        "401, invalid_request_error, null, AUTH_FAILED",
        "403, invalid_request_error, unsupported_country_region_territory, AUTH_FAILED",
        "429, requests, rate_limit_exceeded, RATE_LIMITED",
        "429, insufficient_quota, insufficient_quota, AUTH_FAILED",
        "400, invalid_request_error, string_above_max_length, INVALID_REQUEST",
        "404, invalid_request_error, model_not_found, INVALID_REQUEST",
        "500, server_error, null, UNAVAILABLE",
        "503, server_error, null, UNAVAILABLE",
        "400, invalid_request_error, invalid_api_key, AUTH_FAILED"
    })
    void mapsStatusAndCode(int status, String type, String code, ProviderErrorKind kind) {
        ProviderException error = OpenAiErrors.of(status, body(type, code));

        assertThat(error.kind(), is(kind));
        assertThat(error.providerStatus(), is(status));
        assertThat(error.getMessage(), containsString(code != null ? code : type));
        assertThat(error.getMessage(), not(containsString("sk-abc")));
        assertThat(error.getMessage(), not(containsString("Incorrect")));
    }

    @Test
    void aBodyThatIsNotOpenAisFallsBackOnTheStatus() {
        ProviderException error = OpenAiErrors.of(502, "<html>Bad gateway sk-secret</html>".getBytes(
                StandardCharsets.UTF_8));

        assertThat(error.kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(error.getMessage(), not(containsString("sk-secret")));
    }

    @Test
    void aCodeThatDoesNotLookLikeOneIsNotRepeated() {
        ProviderException error = OpenAiErrors.of(400, body("invalid_request_error", "Bearer sk-live-123/456"));

        assertThat(error.getMessage(), not(containsString("sk-live")));
    }
}
