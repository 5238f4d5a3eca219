package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Health and metrics endpoints.
 */
@ServerTest
class ObserveTest {

    private static Gateway gateway;
    private final URI uri;

    ObserveTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, TestGateways.SLOW_TONE);
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void readyAndLiveOnceWarmedUp() throws Exception {
        HttpResponse<String> health = get("/observe/health");
        assertThat(health.statusCode(), is(200));
        assertThat(health.body(), containsString("\"status\":\"UP\""));
        assertThat(get("/observe/health/ready").statusCode(), is(200));
        assertThat(get("/observe/health/live").statusCode(), is(200));
    }

    @Test
    void metricsCountRequestsFirstBytesCacheAndSessions() throws Exception {
        try (TestClient client = TestClient.connect(uri.getPort())) {
            client.synthesize("m1", "metrics").response("m1");
            client.synthesize("m2", "metrics").response("m2");
            client.send("nonsense").nextText();
            String metrics = get("/observe/metrics").body();
            assertThat(metrics, containsString("tts_requests_total{scope=\"application\",source=\"tone\",status=\"completed\",}"));
            assertThat(metrics, containsString("tts_time_to_first_byte_seconds_bucket{scope=\"application\",source=\"tone\""));
            assertThat(metrics, containsString("tts_time_to_first_byte_seconds_count{scope=\"application\",source=\"cache\",}"));
            assertThat(metrics, containsString("tts_cache_hits_total"));
            assertThat(metrics, containsString("tts_cache_misses_total"));
            assertThat(metrics, containsString("tts_errors_total{code=\"invalid_message\",scope=\"application\",}"));
            assertThat(metrics, containsString("tts_sessions_active{scope=\"application\",} 1.0"));
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve(path)).build(),
                                               HttpResponse.BodyHandlers.ofString());
    }
}
