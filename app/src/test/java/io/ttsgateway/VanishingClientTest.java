package io.ttsgateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Clients that go without a close frame while their provider is silent: nothing is written to
 * them that could fail, and the pings are far off, so only the end of the connection's read loop
 * can tell the gateway. Their session must end, free its slot and cancel its provider request.
 */
@ServerTest
class VanishingClientTest {

    private static final String KEY = "sk-vanishing-key";
    /** Far past the test's waits: a ping can never be what finds the vanished client. */
    private static final Duration FAR = Duration.ofMinutes(5);

    private static FakeOpenAi fake;
    private static Gateway gateway;
    private final int port;

    VanishingClientTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        fake = FakeOpenAi.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "openai",
                                                    "MARYTTS_ENABLED", "false",
                                                    "CACHE_ENABLED", "false",
                                                    "OPENAI_API_KEY", KEY,
                                                    "OPENAI_BASE_URL", fake.baseUrl(),
                                                    "SESSION_PING_INTERVAL", FAR.toString(),
                                                    "SESSION_STALL_TIMEOUT", FAR.toString(),
                                                    "PROVIDER_STALL_TIMEOUT", FAR.toString(),
                                                    "SESSION_MAX_SESSIONS", "1"));
    }

    @AfterAll
    static void close() {
        gateway.close();
        fake.close();
    }

    @BeforeEach
    void noSessionsLeft() throws InterruptedException {
        assertThat(gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fin", "rst"})
    void aClientGoneWithoutACloseFrameFreesItsSlotAndCancelsItsProviderRequest(String how) throws Exception {
        fake.behavior().failNext(FakeBehavior.Failure.STALL_MID_STREAM); // one chunk, then silence
        int cancels = fake.events().count("cancel:");
        RawWebSocket client = RawWebSocket.connect(port);
        client.sendText("{\"action\":\"synthesize\",\"requestId\":\"gone-" + how + "\",\"text\":\"Hello there.\"}");
        client.awaitBinary();
        assertThat(gateway.sessions().activeSessions(), is(1));

        if (how.equals("fin")) {
            client.leave();
        } else {
            client.vanish();
        }

        assertThat("slot freed", gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
        fake.events().awaitCount("cancel:", cancels + 1, TestClient.TIMEOUT);
        assertThat("synthesis stopped", gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        try (TestClient next = TestClient.connect(port)) {
            assertThat("the one slot is taken again", next.synthesize("next", "Hello again.").response("next")
                    .status(), is("completed"));
        }
    }
}
