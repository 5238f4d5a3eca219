package io.ttsgateway;

import java.net.URI;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * Clients that vanish without a close frame: Helidon calls no listener method for them, so the
 * gateway must notice by itself and free their work.
 */
@ServerTest
class DisconnectTest {

    private static Gateway gateway;
    private final int port;

    DisconnectTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, TestGateways.with(TestGateways.SLOW_TONE,
                                                                "SESSION_PING_INTERVAL", "PT0.2S"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @BeforeEach
    void noSessionsLeft() throws InterruptedException {
        assertThat(gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
    }

    @Test
    void clientVanishingMidStreamFreesItsSynthesis() throws Exception {
        RawWebSocket client = RawWebSocket.connect(port);
        client.sendText("{\"action\":\"synthesize\",\"requestId\":\"gone\",\"text\":\"" + "z".repeat(500) + "\"}");
        client.awaitBinary();
        assertThat(gateway.synthesizer().openSources(), is(1));

        client.vanish();

        assertThat("session ended", gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
        assertThat("synthesis stopped", gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        assertThat(TestGateways.count(TestGateways.temporaryFiles(gateway)), is(0L));
    }

    @Test
    void idleClientVanishingEndsItsSession() throws Exception {
        RawWebSocket client = RawWebSocket.connect(port);
        client.sendText("[]");
        client.awaitText(); // answered, so the session is registered
        assertThat(gateway.sessions().activeSessions(), is(1));

        client.vanish();

        assertThat(gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
    }

    @Test
    void aPeerThatAnswersNoPingIsCutAsHalfOpen() throws Exception {
        // Neither reads nor sends, nor closes: as a peer whose host is gone looks from here.
        try (RawWebSocket silent = RawWebSocket.connect(port, 8192)) {
            silent.sendText("[]");
            silent.awaitText(); // answered, so the session is registered; from now on it reads nothing
            assertThat(gateway.sessions().activeSessions(), is(1));

            assertThat("cut after three silent ping intervals",
                       gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
            silent.readToEnd(); // the connection is closed, not only the session ended
        }
    }

    @Test
    void serverPingsQuietConnectionsAndTheyStayOpen() {
        try (TestClient client = TestClient.connect(port)) {
            assertThat(client.nextAny(), instanceOf(TestClient.Ping.class));
            assertThat(client.nextAny(), instanceOf(TestClient.Ping.class));
            assertThat("still served", client.synthesize("after", "ab").response("after").status(), is("completed"));
        }
    }
}
