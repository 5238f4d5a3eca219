package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.loadgen.fuzz.RawClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code ALLOWED_ORIGINS}: a browser upgrade from a page of another origin is refused with 403
 * before any socket opens, even with a valid key; a listed origin and clients that send no
 * {@code Origin} are let in. Without the setting only the gateway's own host is
 * ({@link SameHostTest}); with {@code *} any origin is ({@link AnyOriginTest}).
 */
@ServerTest
class OriginTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static Gateway gateway;
    private final int port;

    OriginTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                    "GATEWAY_API_KEYS", "secret",
                                                    "ALLOWED_ORIGINS", "https://app.example.com, http://localhost:3000"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void anotherOriginIsRefusedWith403EvenWithAValidKey() {
        RawClient.RefusedException refused = assertThrows(RawClient.RefusedException.class, () -> connect(
                Map.of("Origin", "https://evil.example", "Authorization", "Bearer secret")));
        assertThat(refused.status(), is(403));
        assertThat(gateway.sessions().activeSessions(), is(0));
    }

    @Test
    void listedOriginsAreLetIn() throws IOException {
        connect(Map.of("Origin", "https://app.example.com", "Authorization", "Bearer secret")).close();
        connect(Map.of("Origin", "http://localhost:3000", "Authorization", "Bearer secret")).close();
    }

    @Test
    void clientsWithoutAnOriginAreLetIn() throws IOException {
        connect(Map.of("Authorization", "Bearer secret")).close();
    }

    @Test
    void theKeyIsStillNeeded() {
        RawClient.RefusedException refused = assertThrows(RawClient.RefusedException.class, () -> connect(
                Map.of("Origin", "https://app.example.com")));
        assertThat(refused.status(), is(401));
    }

    private RawClient connect(Map<String, String> headers) throws IOException {
        return RawClient.connect("localhost", port, Gateway.WEBSOCKET_PATH, headers, TIMEOUT);
    }

    /** Without {@code ALLOWED_ORIGINS}: pages of the gateway's own host only, as Helidon alone would do. */
    @ServerTest
    static class SameHostTest {

        private static Gateway gateway;
        private final int port;

        SameHostTest(URI uri) {
            this.port = uri.getPort();
        }

        @SetUpServer
        static void server(WebServerConfig.Builder server) {
            gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone"));
        }

        @AfterAll
        static void close() {
            gateway.close();
        }

        @Test
        void theGatewaysOwnPagesAreLetInOthersRefused() throws IOException {
            RawClient.connect("localhost", port, Gateway.WEBSOCKET_PATH, Map.of("Origin", "http://localhost:" + port),
                              TIMEOUT).close();
            RawClient.RefusedException refused = assertThrows(RawClient.RefusedException.class, () -> RawClient.connect(
                    "localhost", port, Gateway.WEBSOCKET_PATH, Map.of("Origin", "https://elsewhere.example"), TIMEOUT));
            assertThat(refused.status(), is(403));
        }
    }

    /** {@code ALLOWED_ORIGINS=*}: every origin. */
    @ServerTest
    static class AnyOriginTest {

        private static Gateway gateway;
        private final int port;

        AnyOriginTest(URI uri) {
            this.port = uri.getPort();
        }

        @SetUpServer
        static void server(WebServerConfig.Builder server) {
            gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone", "ALLOWED_ORIGINS", "*"));
        }

        @AfterAll
        static void close() {
            gateway.close();
        }

        @Test
        void anyOriginIsLetIn() throws IOException {
            RawClient.connect("localhost", port, Gateway.WEBSOCKET_PATH, Map.of("Origin", "https://elsewhere.example"),
                              TIMEOUT).close();
        }
    }
}
