package io.ttsgateway;

import java.net.URI;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Every kind of bad input gets an error, and the same connection goes on working.
 */
@ServerTest
class BadInputTest {

    private static Gateway gateway;
    private final int port;

    BadInputTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, TestGateways.with(TestGateways.SLOW_TONE,
                                                                "SESSION_MAX_TEXT_LENGTH", "1000",
                                                                "SESSION_MAX_MESSAGE_BYTES", "4096"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invalid JSON              | {\"action\":\"synthesize\",               | invalid_message",
            "a JSON array              | [\"synthesize\",\"hi\"]                    | invalid_message",
            "a JSON string             | \"synthesize\"                             | invalid_message",
            "no action                 | {\"text\":\"hi\"}                          | invalid_message",
            "missing text              | {\"action\":\"synthesize\"}                | invalid_message",
            "empty text                | {\"action\":\"synthesize\",\"text\":\"\"}  | invalid_message",
            "blank text                | {\"action\":\"synthesize\",\"text\":\"  \"}| invalid_message",
            "non-string text           | {\"action\":\"synthesize\",\"text\":42}    | invalid_message",
            "object text               | {\"action\":\"synthesize\",\"text\":{}}    | invalid_message",
            "non-string requestId      | {\"action\":\"synthesize\",\"text\":\"a\",\"requestId\":7} | invalid_message",
            "unknown action            | {\"action\":\"dance\"}                     | invalid_message",
            "unknown provider          | {\"action\":\"synthesize\",\"text\":\"a\",\"provider\":\"nope\"} | unknown_provider",
            "unsupported format        | {\"action\":\"synthesize\",\"text\":\"a\",\"format\":\"mp3_44100\"} | unsupported_format",
    })
    void badMessageGetsAnErrorAndTheConnectionStillWorks(String name, String message, String code) {
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Text error = client.send(message).nextText();
            assertThat(error.action(), is("error"));
            assertThat(error.json().path("code").asText(), is(code));
            assertStillWorks(client);
        }
    }

    @Test
    void textOverTheLimit() {
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Text error = client.synthesize("long", "a".repeat(1001)).nextText();
            assertThat(error.json().path("code").asText(), is("text_too_long"));
            assertThat(error.requestId(), is("long"));
            assertThat(error.json().path("retryable").asBoolean(), is(false));
            assertStillWorks(client);
        }
    }

    @Test
    void duplicateRequestIdWhileTheFirstIsInFlight() {
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("same", "a".repeat(40)).synthesize("same", "b");
            TestClient.Frame frame;
            do {
                frame = client.next();
            } while (!(frame instanceof TestClient.Text text && text.action().equals("error")));
            assertThat(((TestClient.Text) frame).json().path("code").asText(), is("duplicate_request"));
            TestClient.Text done = client.doneAfterAudio("same");
            assertThat("the first request is untouched", done.json().path("status").asText(), is("completed"));
            assertStillWorks(client);
        }
    }

    @Test
    void binaryFrameFromTheClient() {
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Text error = client.sendBinary(new byte[] {1, 2, 3}).nextText();
            assertThat(error.json().path("code").asText(), is("invalid_message"));
            assertStillWorks(client);
        }
    }

    @Test
    void textMessageOverTheSizeLimit() {
        try (TestClient client = TestClient.connect(port)) {
            String big = "{\"action\":\"synthesize\",\"text\":\"" + "a".repeat(5000) + "\"}";
            TestClient.Text error = client.send(big).nextText();
            assertThat(error.json().path("code").asText(), is("message_too_large"));
            assertStillWorks(client);
        }
    }

    @Test
    void malformedUnicodeIsJustText() {
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Response response = client.synthesize("u", "\uD83D\uDE00 caf\u00e9 \u0000").response("u");
            assertThat(response.status(), is("completed"));
        }
    }

    private static void assertStillWorks(TestClient client) {
        TestClient.Response response = client.synthesize("check", "ok").response("check");
        assertThat(response.status(), is("completed"));
        assertThat(response.audio().length, is(2 * 48_000 * 60 / 1000));
    }
}
