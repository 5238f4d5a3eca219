package io.ttsgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.ttsgateway.provider.TtsProvider;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Readiness follows the embedded engine's warm-up: the server listens at once, and is ready only
 * once the engine has synthesized.
 */
class ReadinessTest {

    private static final Duration ENGINE_WARM_UP = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(100);

    @Test
    void notReadyUntilTheEmbeddedEngineIsWarm() throws Exception {
        Gateway gateway = TestGateways.create(Map.of("TTS_PROVIDER", "marytts"));
        WebServerConfig.Builder builder = WebServer.builder().port(0).host("localhost");
        gateway.setup(builder);
        WebServer server = builder.build().start();
        try {
            assertThat(readiness(server), is(503));
            assertThat(gateway.warmUp(), is(true));
            assertThat(readiness(server), is(200));
        } finally {
            server.stop();
            gateway.close();
        }
    }

    @Test
    void readyOnceTheDefaultProviderIsWhileTheEmbeddedEngineWarmsInTheBackground() throws Exception {
        Gateway gateway = TestGateways.create(Map.of("TTS_PROVIDER", "tone", "MARYTTS_ENABLED", "true"));
        WebServerConfig.Builder builder = WebServer.builder().port(0).host("localhost");
        gateway.setup(builder);
        WebServer server = builder.build().start();
        try {
            assertThat(gateway.warmUp(), is(true));
            // The engine takes seconds; readiness does not wait for it.
            assertThat(readiness(server), is(200));
            TtsProvider engine = gateway.synthesizer().providers().find("marytts").orElseThrow();
            long deadline = System.nanoTime() + ENGINE_WARM_UP.toNanos();
            while (!engine.isReady() && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            assertThat(engine.isReady(), is(true));
        } finally {
            server.stop();
            gateway.close();
        }
    }

    private static int readiness(WebServer server) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/observe/health/ready"))
                              .build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
