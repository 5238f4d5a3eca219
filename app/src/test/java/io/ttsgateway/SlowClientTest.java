package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.websocket.WsCloseCodes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Clients that stop reading, on real sockets: a fast tone fills the server's socket buffer, the
 * server's reader still acts on what they send (a cancel, a ping), and they are closed with 1008
 * after the write timeout or when their control messages overflow, while another client is served
 * throughout.
 */
@ServerTest
class SlowClientTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    /** 5,000 characters of a tone of 60 ms per character: 14 MB of pcm_24000, far more than socket buffers hold. */
    private static final String LONG = "{\"action\":\"synthesize\",\"requestId\":\"long\",\"text\":\"" + "z".repeat(5000)
            + "\"}";
    private static final Pattern SLOW_CLIENTS = Pattern.compile(
            "tts_sessions_closed_total\\{reason=\"slow_client\",scope=\"application\",} ([0-9.]+)");

    private static Gateway gateway;
    private final URI uri;
    private final int port;

    SlowClientTest(URI uri) {
        this.uri = uri;
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        // Unpaced, so the fast tone floods the socket: held to real time (SESSION_AUDIO_LEAD), a client
        // that stops reading would fill the server's socket buffers only after minutes.
        gateway = TestGateways.setUp(server, TestGateways.with(TestGateways.SLOW_TONE,
                                                                "TONE_CHUNK_INTERVAL", "PT0S",
                                                                "SESSION_AUDIO_LEAD", "PT0S",
                                                                "CACHE_ENABLED", "false",
                                                                "SESSION_WRITE_TIMEOUT", WRITE_TIMEOUT.toString(),
                                                                "SESSION_MAX_BUFFERED_BYTES", "65536",
                                                                "SESSION_REQUEST_BUFFER_BYTES", "262144"));
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
    void cancelIsActedOnAtOnceAndTheClientIsCutAfterTheWriteTimeout() throws Exception {
        double before = slowClientsClosed();
        try (TestClient normal = TestClient.connect(port);
                RawWebSocket stuck = RawWebSocket.connect(port, 8192)) {
            stuck.sendText(LONG);
            assertThat("the server's writes are blocked",
                       gateway.sessions().awaitBlockedWrite(Duration.ofMillis(200), TestClient.TIMEOUT), is(true));

            stuck.sendText("{\"action\":\"cancel\",\"requestId\":\"long\"}");
            assertThat("synthesis stopped", gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat("by the cancel, not by the write timeout", gateway.sessions().activeSessions(), is(2));
            assertThat(slowClientsClosed(), is(before));
            assertThat(normal.synthesize("n1", "hello").response("n1").status(), is("completed"));

            assertThat("cut", gateway.sessions().awaitActiveSessions(1, TestClient.TIMEOUT), is(true));
            assertThat(slowClientsClosed(), is(before + 1));
            stuck.readToEnd(); // the connection is closed, not left open
            assertThat(normal.synthesize("n2", "world").response("n2").status(), is("completed"));
        }
    }

    @Test
    void aClientThatNeverReadsIsCutAndItsSynthesisStopped() throws Exception {
        double before = slowClientsClosed();
        try (RawWebSocket stuck = RawWebSocket.connect(port, 8192)) {
            stuck.sendText(LONG);
            assertThat(gateway.sessions().awaitBlockedWrite(Duration.ofMillis(200), TestClient.TIMEOUT), is(true));

            assertThat("cut", gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
            assertThat("synthesis stopped", gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat(slowClientsClosed(), is(before + 1));
            stuck.readToEnd();
        }
    }

    @Test
    void pingsPastTheBufferBoundCutTheClientWithoutWaitingForTheTimeout() throws Exception {
        double before = slowClientsClosed();
        try (RawWebSocket stuck = RawWebSocket.connect(port, 8192)) {
            stuck.sendText(LONG);
            assertThat(gateway.sessions().awaitBlockedWrite(Duration.ofMillis(200), TestClient.TIMEOUT), is(true));

            try {
                // 254 KB of pongs for the server to queue: past the 64 KiB bound and its 64 KiB reserve
                // even when a blocked writer holds only one frame of audio in the queue.
                for (int i = 0; i < 2000; i++) {
                    stuck.sendPing(new byte[125]);
                }
            } catch (IOException e) {
                // cut while pinging: that is the point
            }

            assertThat("cut well before the write timeout",
                       gateway.sessions().awaitActiveSessions(0, WRITE_TIMEOUT.dividedBy(2)), is(true));
            assertThat(slowClientsClosed(), is(before + 1));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        }
    }

    @Test
    void aClientThatStopsReadingIsToldWhyWhenItReadsAgain() throws Exception {
        double before = slowClientsClosed();
        try (RawWebSocket stuck = RawWebSocket.connect(port, 8192)) {
            stuck.sendText(LONG);
            assertThat(gateway.sessions().awaitBlockedWrite(Duration.ofMillis(200), TestClient.TIMEOUT), is(true));
            assertThat("ended after the write timeout", gateway.sessions().awaitSessionsEnded(TestClient.TIMEOUT),
                       is(true));

            // Reading again, within the grace the close frame has: what the socket held, then why.
            RawWebSocket.Frame close = stuck.awaitClose();
            assertThat(close.closeCode(), is(WsCloseCodes.VIOLATED_POLICY));
            assertThat(close.closeReason(), is("client not reading"));
            assertThat("the slot is free once the socket closed",
                       gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
            assertThat(slowClientsClosed(), is(before + 1));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        }
    }

    @Test
    void aPingFromAClientThatStopsReadingIsAnsweredAheadOfItsAudio() throws Exception {
        try (RawWebSocket stuck = RawWebSocket.connect(port, 8192)) {
            stuck.sendText(LONG);
            assertThat(gateway.sessions().awaitBlockedWrite(Duration.ofMillis(200), TestClient.TIMEOUT), is(true));

            stuck.sendPing("still there?".getBytes(StandardCharsets.UTF_8));

            // The request's 14 MB of audio are far from written: its pong comes before its done.
            RawWebSocket.Frame frame;
            do {
                frame = stuck.next();
                assertThat("done before the pong", frame.opcode() == 1
                        && new String(frame.payload(), StandardCharsets.UTF_8).contains("\"done\""), is(false));
            } while (frame.opcode() != 10);
            assertThat(new String(frame.payload(), StandardCharsets.UTF_8), is("still there?"));
            stuck.sendText("{\"action\":\"cancel\",\"requestId\":\"long\"}");
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        }
    }

    private double slowClientsClosed() throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri.resolve("/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = SLOW_CLIENTS.matcher(metrics.body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
