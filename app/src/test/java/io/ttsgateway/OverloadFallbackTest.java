package io.ttsgateway;

import java.net.URI;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeDeepgram;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * With {@code TTS_FALLBACK}, a request the embedded engine refuses at capacity goes to the fallback at
 * once instead of failing, and {@code start.source} names the fallback.
 */
@ServerTest
class OverloadFallbackTest {

    private static final String KEY = "sk-overload-fallback-key";
    private static FakeDeepgram deepgram;
    private static Gateway gateway;
    private final URI uri;

    OverloadFallbackTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        deepgram = FakeDeepgram.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "marytts",
                                                    "TTS_FALLBACK", "deepgram",
                                                    "MARYTTS_MAX_CONCURRENT", "1",
                                                    "MARYTTS_MAX_QUEUE", "0",
                                                    "DG_API_KEY", KEY,
                                                    "DG_BASE_URL", deepgram.baseUrl()));
    }

    @AfterAll
    static void close() {
        gateway.close();
        deepgram.close();
    }

    @Test
    void aRequestOverTheBoundGoesToTheFallback() {
        try (TestClient holder = TestClient.connect(uri.getPort());
             TestClient other = TestClient.connect(uri.getPort())) {
            holder.synthesize("long", OverloadTest.LONG_TEXT);
            JsonNode start = holder.nextText().json();
            assertThat(start.path("source").asText(), is("marytts"));

            TestClient.Response served = other.synthesize("over", "Hello from the fallback.").response("over");
            assertThat(served.status(), is("completed"));
            assertThat(served.start().path("source").asText(), is("deepgram"));

            holder.cancel("long");
            assertThat(holder.response("long", start).status(), is("cancelled"));
        }
    }
}
