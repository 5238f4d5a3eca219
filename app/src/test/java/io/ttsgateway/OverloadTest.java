package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Overload is refused early: with the embedded engine bounded to one request at once, a second one is
 * refused at once with a retryable {@code server_busy} while the first still streams, and the slot is
 * free again when the first ends; the speech API answers 503 with {@code Retry-After}. The engine's load is in
 * the metrics.
 */
@ServerTest
class OverloadTest {

    /** Sentences enough to keep the one engine busy for seconds. */
    static final String LONG_TEXT = IntStream.rangeClosed(1, 40)
            .mapToObj(i -> "This is sentence number " + i + " of a long answer.").collect(Collectors.joining(" "));

    private static Gateway gateway;
    private final URI uri;

    OverloadTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "marytts",
                                                    "MARYTTS_MAX_CONCURRENT", "1",
                                                    "MARYTTS_MAX_QUEUE", "0"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void aRequestOverTheBoundIsRefusedAtOnceAndTheSlotIsFreedWhenTheHolderEnds() throws Exception {
        try (TestClient holder = TestClient.connect(uri.getPort());
             TestClient other = TestClient.connect(uri.getPort())) {
            holder.synthesize("long", LONG_TEXT);
            JsonNode start = holder.nextText().json();
            assertThat(start.path("action").asText(), is("start"));

            TestClient.Response refused = other.synthesize("over", "Hello there.").response("over");
            JsonNode error = refused.done().path("error");
            assertThat(refused.status(), is("failed"));
            assertThat(error.path("code").asText(), is("server_busy"));
            assertThat(error.path("retryable").asBoolean(), is(true));
            assertThat(error.path("retryAfterMs").asLong(), allOf(greaterThan(0L), lessThanOrEqualTo(5_000L)));

            HttpResponse<String> speech = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri.resolve("/v1/audio/speech")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"marytts\",\"input\":\"Hello there.\",\"voice\":\"cmu-slt-hsmm\","
                                            + "\"response_format\":\"pcm\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(speech.statusCode(), is(503));
            assertThat(speech.body(), containsString("\"code\":\"server_busy\""));
            assertThat(speech.headers().firstValue("Retry-After").isPresent(), is(true));

            String metrics = get("/observe/metrics");
            assertThat(metrics, containsString("tts_provider_capacity{provider=\"marytts\",scope=\"application\",} 1.0"));
            assertThat(metrics, containsString("tts_provider_admitted{provider=\"marytts\",scope=\"application\",} 1.0"));
            assertThat(metrics, containsString("tts_provider_queue_depth{provider=\"marytts\""));
            assertThat(metrics, containsString("tts_provider_refused_total{provider=\"marytts\",scope=\"application\",} 2.0"));
            assertThat(metrics.contains("tts_provider_failures_total{code=\"server_busy\""), is(false));

            // The refusal did not wait for the holder: it is still streaming, and ends only as cancelled.
            holder.cancel("long");
            assertThat(holder.response("long", start).status(), is("cancelled"));
            assertThat(other.synthesize("after", "Hello again.").response("after").status(), is("completed"));
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve(path)).build(),
                                               HttpResponse.BodyHandlers.ofString()).body();
    }
}
