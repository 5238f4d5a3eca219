package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.loadgen.fuzz.RawClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.ttsgateway.loadgen.fuzz.RawClient.BINARY;
import static io.ttsgateway.loadgen.fuzz.RawClient.CLOSE;
import static io.ttsgateway.loadgen.fuzz.RawClient.CONTINUATION;
import static io.ttsgateway.loadgen.fuzz.RawClient.FIN;
import static io.ttsgateway.loadgen.fuzz.RawClient.PING;
import static io.ttsgateway.loadgen.fuzz.RawClient.PONG;
import static io.ttsgateway.loadgen.fuzz.RawClient.TEXT;
import static io.ttsgateway.loadgen.fuzz.RawClient.frame;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every frame that breaks RFC 6455 closes its connection with the RFC's code, and nothing else:
 * the client's other connection goes on, and the session's slot is given back as its socket
 * closes, never before, so such frames cannot get around the session limit.
 */
@ServerTest
class FramesTest {

    private static final int MAX_SESSIONS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] SYNTHESIZE = "{\"action\":\"synthesize\",\"requestId\":\"x\",\"text\":\"hi\"}"
            .getBytes(StandardCharsets.UTF_8);

    private static Gateway gateway;
    private final int port;

    FramesTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                    "SESSION_MAX_SESSIONS", String.valueOf(MAX_SESSIONS)));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @AfterEach
    void everySessionEnds() throws InterruptedException {
        assertThat("sessions left", gateway.sessions().awaitActiveSessions(0, TIMEOUT), is(true));
    }

    static Object[][] badFrames() {
        return new Object[][] {
                {"ping over 125 bytes", frame(FIN | PING, new byte[126]), 1002},
                {"reserved bit 1", frame(FIN | 0x40 | TEXT, SYNTHESIZE), 1002},
                {"reserved bit 3", frame(FIN | 0x10 | BINARY, new byte[3]), 1002},
                {"unknown data opcode", frame(FIN | 0x3, SYNTHESIZE), 1002},
                {"unknown control opcode", frame(FIN | 0xB, new byte[0]), 1002},
                {"unmasked frame", frame(FIN | TEXT, false, SYNTHESIZE), 1002},
                {"invalid UTF-8", frame(FIN | TEXT, new byte[] {'{', (byte) 0xC3, 0x28, '}'}), 1007},
                {"UTF-8 surrogate", frame(FIN | TEXT, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), 1007},
                {"text ending inside a character", frame(FIN | TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82}), 1007},
                {"fragmented ping", frame(PING, new byte[2]), 1002},
                {"continuation outside a message", frame(FIN | CONTINUATION, SYNTHESIZE), 1002},
                {"message inside a fragmented one", concat(frame(TEXT, "{".getBytes(StandardCharsets.UTF_8)),
                                                           frame(FIN | TEXT, SYNTHESIZE)), 1002},
                {"close with a 1-byte payload", frame(FIN | CLOSE, new byte[] {3}), 1002},
                {"close code 1005", frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xED}), 1002},
                {"close reason not UTF-8", frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF}), 1007},
                {"frame over the size limit", RawClient.header(FIN | BINARY, 1048577), 1009},
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameClosesItsConnectionWithTheRfcCode(String name, byte[] bad, int code) throws IOException {
        try (RawClient other = connect(); RawClient client = connect()) {
            client.write(bad);
            RawClient.Frame close = client.read();
            assertThat("a close frame", close, notNullValue());
            assertThat(close.opcode(), is(CLOSE));
            assertThat(close.closeCode(), is(code));
            assertThat("the socket is closed after the close frame", client.read(), nullValue());

            other.write(frame(FIN | TEXT, SYNTHESIZE));
            assertThat(doneOf(other), containsString("\"completed\""));
        }
    }

    @Test
    void validFragmentsAndPingsGoOn() throws IOException {
        try (RawClient client = connect()) {
            // "é" split across two fragments is still one well-formed text message
            byte[] text = "{\"action\":\"synthesize\",\"requestId\":\"x\",\"text\":\"caf\u00e9\"}"
                    .getBytes(StandardCharsets.UTF_8);
            client.write(concat(frame(TEXT, java.util.Arrays.copyOf(text, 20)),
                                frame(FIN | PING, new byte[125]),
                                frame(FIN | CONTINUATION, java.util.Arrays.copyOfRange(text, 20, text.length))));
            RawClient.Frame pong = client.read();
            assertThat(pong.opcode(), is(PONG));
            assertThat(pong.payload().length, is(125));
            assertThat(doneOf(client), containsString("\"completed\""));
        }
    }

    @Test
    void oversizedPingsNeverLetTheSessionLimitBeExceeded() throws IOException, InterruptedException {
        RawClient[] pingers = new RawClient[MAX_SESSIONS];
        try {
            for (int i = 0; i < MAX_SESSIONS; i++) {
                pingers[i] = connect();
            }
            assertThat(gateway.sessions().awaitActiveSessions(MAX_SESSIONS, TIMEOUT), is(true));
            for (RawClient pinger : pingers) {
                pinger.write(frame(FIN | PING, new byte[300]));
                assertThat(pinger.read().closeCode(), is(1002));
                assertThat("its socket is closed", pinger.read(), nullValue());
            }
        } finally {
            for (RawClient pinger : pingers) {
                if (pinger != null) {
                    pinger.close();
                }
            }
        }
        assertThat(gateway.sessions().awaitActiveSessions(0, TIMEOUT), is(true));
        RawClient[] next = new RawClient[MAX_SESSIONS];
        try {
            for (int i = 0; i < MAX_SESSIONS; i++) {
                next[i] = connect();
                next[i].write(frame(FIN | TEXT, SYNTHESIZE));
                assertThat(doneOf(next[i]), containsString("\"completed\""));
            }
            try (RawClient oneTooMany = connect()) {
                RawClient.Frame refusal = oneTooMany.read();
                assertThat(refusal.text(), containsString("server_busy"));
                assertThat(oneTooMany.read().closeCode(), is(1013));
            }
        } finally {
            for (RawClient client : next) {
                if (client != null) {
                    client.close();
                }
            }
        }
    }

    private RawClient connect() throws IOException {
        return RawClient.connect("localhost", port, Gateway.WEBSOCKET_PATH, Map.of(), TIMEOUT);
    }

    private static String doneOf(RawClient client) throws IOException {
        while (true) {
            RawClient.Frame frame = client.read();
            assertThat("the connection is open", frame, notNullValue());
            if (frame.opcode() == TEXT && frame.text().contains("\"done\"")) {
                return frame.text();
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

}
