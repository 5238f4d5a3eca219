package io.ttsgateway;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.fakes.FakeDeepgram;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * {@code TTS_FALLBACK}: a retryable provider failure before the first byte moves the request to
 * the next provider; a failure after audio was sent ends the request, never repeating audio.
 */
@ServerTest
class FallbackTest {

    private static final String KEY = "sk-fallback-test-key";
    private static FakeDeepgram deepgram;
    private static FakeCartesia cartesia;

    private final TestClient client;

    FallbackTest(URI uri) {
        this.client = TestClient.connect(uri.getPort());
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        deepgram = FakeDeepgram.start(KEY);
        cartesia = FakeCartesia.start(KEY);
        TestGateways.setUp(server, Map.of("TTS_PROVIDER", "deepgram",
                                          "TTS_FALLBACK", "deepgram,cartesia",
                                          "MARYTTS_ENABLED", "false",
                                          "PROVIDER_FIRST_BYTE_TIMEOUT", "PT2S",
                                          "PROVIDER_STALL_TIMEOUT", "PT2S",
                                          "DG_API_KEY", KEY,
                                          "DG_BASE_URL", deepgram.baseUrl(),
                                          "CARTESIA_API_KEY", KEY,
                                          "CARTESIA_BASE_URL", cartesia.baseUrl()));
    }

    @AfterAll
    static void stopFakes() {
        deepgram.close();
        cartesia.close();
    }

    @AfterEach
    void closeClient() {
        client.close();
        deepgram.behavior().failNext(Failure.NONE);
    }

    @Test
    void aFailureBeforeTheFirstByteMovesTheRequestToTheNextProvider() {
        deepgram.behavior().failNext(Failure.SERVER_ERROR);
        client.synthesize("a", "Hello from the fallback provider.");
        TestClient.Response response = client.response("a");

        assertThat(response.status(), is("completed"));
        assertThat(response.start().path("source").asText(), is("cartesia"));
        assertThat(response.done().path("fallbackFrom").toString(), is("[\"deepgram\"]"));
    }

    @Test
    void aRequestItsOwnProviderServedNamesNoFallback() {
        TestClient.Response response = client.synthesize("e", "Hello from the first provider.").response("e");

        assertThat(response.start().path("source").asText(), is("deepgram"));
        assertThat(response.done().has("fallbackFrom"), is(false));
    }

    @Test
    void aRefusedKeyIsNotRetriedElsewhere() {
        deepgram.behavior().failNext(Failure.UNAUTHORIZED);
        client.synthesize("b", "Hello with a refused key.");
        TestClient.Response response = client.response("b");

        assertThat(response.status(), is("failed"));
        assertThat(response.done().path("error").path("code").asText(), is("provider_auth_failed"));
        assertThat(response.done().has("fallbackFrom"), is(false));
    }

    @Test
    void aFailureAfterAudioEndsTheRequestWithoutRepeatingIt() {
        // The cut waits for audio at the client: a drop racing the first chunk may rightly fall back.
        deepgram.behavior().failNext(Failure.STALL_MID_STREAM);
        client.synthesize("c", "Hello, this stream will be cut.");
        JsonNode start = client.nextText().json();
        assertThat(client.next(), instanceOf(TestClient.Binary.class));
        deepgram.dropConnections();
        TestClient.Response response = client.response("c", start);

        assertThat(response.status(), is("failed"));
        assertThat(response.start().path("source").asText(), is("deepgram"));
        assertThat(response.done().path("error").path("code").asText(), is("provider_unavailable"));
        assertThat(client.synthesize("d", "And the connection goes on.").response("d").status(), is("completed"));
    }
}
