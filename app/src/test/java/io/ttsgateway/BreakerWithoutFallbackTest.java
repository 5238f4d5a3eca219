package io.ttsgateway;

import java.net.URI;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeOpenAi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A provider without a fallback: refused keys leave its breaker closed; a run of server errors opens
 * it, and the next request fails at once with a retryable {@code provider_unavailable} and when to
 * retry, without reaching the provider.
 */
@ServerTest
class BreakerWithoutFallbackTest {

    private static final String KEY = "sk-breaker-alone-key";
    private static FakeOpenAi openai;
    private static Gateway gateway;

    private final int port;

    BreakerWithoutFallbackTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        openai = FakeOpenAi.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "openai",
                                                    "CACHE_ENABLED", "false",
                                                    "PROVIDER_BREAKER_FAILURES", "2",
                                                    "PROVIDER_BREAKER_COOLDOWN", "PT60S",
                                                    "OPENAI_API_KEY", KEY,
                                                    "OPENAI_BASE_URL", openai.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        openai.close();
    }

    @Test
    void aRefusedKeyIsNoOutageButARunOfServerErrorsFailsLaterRequestsAtOnce() {
        try (TestClient client = TestClient.connect(port)) {
            openai.behavior().failEvery(Failure.UNAUTHORIZED);
            for (int i = 1; i <= 3; i++) {
                assertThat(code(client, "refused-" + i), is("provider_auth_failed"));
            }
            openai.behavior().failEvery(Failure.SERVER_ERROR);
            assertThat(code(client, "error-1"), is("provider_unavailable"));
            assertThat(code(client, "error-2"), is("provider_unavailable"));
            int reached = openai.events().count("request:");
            assertThat(reached, is(5));

            TestClient.Response refused = client.synthesize("open", "Hello?").response("open");
            assertThat(refused.status(), is("failed"));
            assertThat(refused.done().path("error").path("code").asText(), is("provider_unavailable"));
            assertThat(refused.done().path("error").path("retryable").asBoolean(), is(true));
            long retryAfter = refused.done().path("error").path("retryAfterMs").asLong();
            assertThat(retryAfter, greaterThan(0L));
            assertThat(retryAfter, lessThanOrEqualTo(60_000L));
            assertThat("the open provider was not asked", openai.events().count("request:"), is(reached));
        } finally {
            openai.behavior().failEvery(Failure.NONE);
        }
    }

    private static String code(TestClient client, String id) {
        TestClient.Response response = client.synthesize(id, "Hello?").response(id);
        assertThat(id, response.status(), is("failed"));
        return response.done().path("error").path("code").asText();
    }
}
