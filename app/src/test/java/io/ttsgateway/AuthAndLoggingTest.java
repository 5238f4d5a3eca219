package io.ttsgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Client API keys at the upgrade, and logs that never hold spoken text or keys.
 */
@ServerTest
class AuthAndLoggingTest {

    private static final String CLIENT_KEY = "client-key-7f3a";
    private static Gateway gateway;
    private final int port;

    AuthAndLoggingTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, TestGateways.with(TestGateways.SLOW_TONE,
                                                                "GATEWAY_API_KEYS", "other," + CLIENT_KEY,
                                                                "ELEVENLABS_API_KEY", "sk-provider-secret"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void upgradeWithoutAKeyIsRefusedWith401() {
        CompletionException e = assertThrows(CompletionException.class, () -> TestClient.connect(port));
        assertThat(e.getCause(), instanceOf(WebSocketHandshakeException.class));
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode(), is(401));
    }

    @Test
    void wrongKeyIsRefused() {
        CompletionException e = assertThrows(CompletionException.class,
                                             () -> TestClient.connect(port, "Authorization", "Bearer nope"));
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode(), is(401));
    }

    @Test
    void keyInHeaderOrQueryIsAccepted() {
        try (TestClient client = TestClient.connect(port, "Authorization", "Bearer " + CLIENT_KEY)) {
            assertThat(client.synthesize("a", "ok").response("a").status(), is("completed"));
        }
        try (TestClient client = TestClient.connect(port, "?api_key=" + CLIENT_KEY)) {
            assertThat(client.synthesize("b", "ok").response("b").status(), is("completed"));
        }
    }

    @Test
    void spokenTextAndKeysNeverReachTheLogs() {
        String secretText = "my card number is 4111 and my name is Zebedee";
        String all;
        try (LogCapture log = LogCapture.start()) {
            try (TestClient client = TestClient.connect(port, "X-API-Key", CLIENT_KEY)) {
                assertThat(client.synthesize("s", secretText).response("s").status(), is("completed"));
                client.send("{\"action\":\"synthesize\",\"text\":\"" + secretText + "\""); // broken JSON
                client.nextText();
                client.synthesize("s2", secretText).cancel("s2").doneAfterAudio("s2");
            }
            all = log.text();
        }
        assertThat(all, not(containsString("Zebedee")));
        assertThat(all, not(containsString(CLIENT_KEY)));
        assertThat(all, not(containsString("sk-provider-secret")));
    }
}
