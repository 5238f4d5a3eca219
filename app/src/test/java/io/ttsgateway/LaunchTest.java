package io.ttsgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The launch path users run: {@link Main#start} with nothing but the environment a new user has
 * (no key: the embedded engine) and the packaged {@code application.yaml}, server settings
 * included. Catches what only that wiring shows, such as Helidon refusing the routing at start.
 */
class LaunchTest {

    @Test
    void startsAsMainDoesIsReadyAndSpeaks() throws Exception {
        Map<String, String> environment = Map.of("PORT", "0",
                                                 "CACHE_DIR", Files.createTempDirectory("tts-launch").toString());
        Main.Launch launch = Main.start(environment);
        try {
            int port = launch.server().port();
            assertThat(status(port, "/observe/health/ready"), is(200));
            try (TestClient client = TestClient.connect(port)) {
                TestClient.Response response = client.synthesize("r1", "Hello from the launch path.").response("r1");
                assertThat(response.status(), is("completed"));
                assertThat(response.start().path("source").asText(), is("marytts"));
                assertThat(response.audio().length, greaterThan(24_000));
            }
        } finally {
            launch.stop();
        }
        assertThat(launch.server().isRunning(), is(false));
    }

    private static int status(int port, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                             HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
