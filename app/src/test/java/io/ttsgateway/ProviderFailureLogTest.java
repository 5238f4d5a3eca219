package io.ttsgateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.observe.ProviderFailureLog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider failure is one WARNING line naming the provider, the error code, the request id and
 * the time it took, and never the key or the text.
 */
@ServerTest
class ProviderFailureLogTest {

    private static final String KEY = "sk-failure-log-key-51c2";
    private static final String TEXT = "Please tell Quentavious his balance.";
    /** The gateway's own bound on silence, shorter than the provider timeouts (10 s). */
    private static final Duration STALL = Duration.ofSeconds(1);
    private static FakeOpenAi openai;
    private static Gateway gateway;
    private final int port;

    ProviderFailureLogTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        openai = FakeOpenAi.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "openai",
                                                    "OPENAI_API_KEY", KEY,
                                                    "OPENAI_BASE_URL", openai.baseUrl(),
                                                    "SESSION_STALL_TIMEOUT", STALL.toString()));
    }

    @AfterAll
    static void close() {
        gateway.close();
        openai.close();
    }

    @Test
    void aProviderErrorIsOneWarningWithProviderCodeRequestIdAndElapsedTime() {
        openai.behavior().failNext(Failure.SERVER_ERROR);
        assertOneWarning("failing-1");
    }

    @Test
    void aProviderThatSendsNothingIsOneWarningToo() {
        Duration usual = openai.behavior().firstChunkDelay();
        openai.behavior().firstChunkDelay(STALL.multipliedBy(3));
        try {
            TestClient.Response response = assertOneWarning("silent-1");
            assertThat(response.done().path("error").path("code").asText(), is("provider_timeout"));
        } finally {
            openai.behavior().firstChunkDelay(usual);
        }
    }

    /** Sends one request that fails; its log has one warning about it and neither the key nor the text. */
    private TestClient.Response assertOneWarning(String requestId) {
        TestClient.Response response;
        List<LogRecord> records;
        String all;
        try (LogCapture log = LogCapture.start()) {
            try (TestClient client = TestClient.connect(port)) {
                response = client.synthesize(requestId, TEXT).response(requestId);
            }
            records = log.records();
            all = log.text();
        }

        assertThat(response.status(), is("failed"));
        String code = response.done().path("error").path("code").asText();
        List<String> warnings = records.stream()
                .filter(r -> r.getLoggerName().equals(ProviderFailureLog.class.getName()))
                .map(r -> r.getLevel() + " " + r.getMessage()).toList();
        assertThat(warnings, hasSize(1));
        String expected = "WARNING Provider openai failed: code=" + code + " requestId=" + requestId
                + " elapsedMs=\\d+ \\(.+\\)";
        assertTrue(warnings.getFirst().matches(expected), warnings.getFirst());
        assertThat(all, not(containsString(KEY)));
        assertThat(all, not(containsString("Quentavious")));
        return response;
    }
}
