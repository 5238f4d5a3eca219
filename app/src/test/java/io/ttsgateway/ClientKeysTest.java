package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.config.ConfigurationException;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.keys.KeyHash;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Keys of a key file on the WebSocket: characters per minute, sessions at once, providers and
 * formats, and a key revoked by rewriting the file while the gateway runs.
 */
@ServerTest
class ClientKeysTest {

    /** 20 characters per minute. */
    static final String METERED = "sk-metered-5b1e";
    /** One session at once; the tone provider and two formats only. */
    static final String SINGLE = "sk-single-0c7a";
    /** 20 characters per minute, for streamed requests. */
    static final String STREAMER = "sk-streamer-e93d";
    /** No limits; revoked by one test. */
    static final String DOOMED = "sk-doomed-d41f";
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static Path keyFile;
    private static FakeOpenAi openai;
    private static Gateway gateway;
    private final int port;

    ClientKeysTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) throws IOException {
        openai = FakeOpenAi.start("sk-openai");
        keyFile = Files.createTempDirectory("tts-keys").resolve("keys.yaml");
        writeKeys(true);
        gateway = TestGateways.setUp(server, TestGateways.with(
                Map.of("TTS_PROVIDER", "tone"), "OPENAI_API_KEY", "sk-openai",
                "OPENAI_BASE_URL", openai.baseUrl(), "GATEWAY_KEYS_FILE", keyFile.toString(),
                "GATEWAY_KEYS_RELOAD_INTERVAL", "PT0.02S"));
    }

    @AfterAll
    static void close() {
        gateway.close();
        openai.close();
    }

    /** Every session has given its key's place back before the next test connects. */
    @AfterEach
    void sessionsEnded() throws InterruptedException {
        assertThat(gateway.sessions().awaitActiveSessions(0, BOUND), is(true));
    }

    static void writeKeys(boolean withDoomed) throws IOException {
        String keys = """
                keys:
                  - name: metered
                    sha256: "%s"
                    charactersPerMinute: 20
                  - name: single
                    sha256: "%s"
                    sessions: 1
                    providers: [tone]
                    formats: [pcm_24000, wav_24000]
                  - name: streamer
                    sha256: "%s"
                    charactersPerMinute: 20
                """.formatted(KeyHash.hex(METERED), KeyHash.hex(SINGLE), KeyHash.hex(STREAMER));
        if (withDoomed) {
            keys += "  - name: doomed\n    sha256: \"" + KeyHash.hex(DOOMED) + "\"\n";
        }
        KeyFiles.write(keyFile, keys);
    }

    @Test
    void aKeyOverItsCharactersPerMinuteGetsQuotaExceededWithARetryTime() {
        String fifteen = "Fifteen chars!!";
        try (TestClient client = TestClient.connect(port, "Authorization", "Bearer " + METERED)) {
            TestClient.Text refusal = null;
            // A minute holds one of these; three requests in under a minute span at most two minutes.
            for (int i = 1; i <= 3 && refusal == null; i++) {
                String id = "q" + i;
                TestClient.Text first = client.synthesize(id, fifteen).nextText();
                if (first.action().equals("error")) {
                    refusal = first;
                    assertThat(first.requestId(), is(id));
                } else {
                    assertThat(client.response(id, first.json()).status(), is("completed"));
                }
            }
            assertThat("refused within three requests", refusal != null, is(true));
            assertThat(refusal.json().path("code").asText(), is("quota_exceeded"));
            assertThat(refusal.json().path("retryable").asBoolean(), is(true));
            assertThat(refusal.json().path("retryAfterMs").asLong(), allOf(greaterThan(0L), lessThanOrEqualTo(60_000L)));
            assertThat(refusal.json().path("message").asText(), containsString("20 characters per minute"));

            TestClient.Text never = client.synthesize("big", "x".repeat(21)).nextText();
            assertThat(never.json().path("code").asText(), is("quota_exceeded"));
            assertThat(never.json().path("retryable").asBoolean(), is(false));
            assertThat(never.json().has("retryAfterMs"), is(false));

            // The connection goes on: other messages are answered.
            assertThat(client.send("[]").nextText().json().path("code").asText(), is("invalid_message"));
        }
    }

    @Test
    void aStreamedRequestIsChargedAsItsTextArrivesAndFailsOverItsQuota() {
        try (TestClient client = TestClient.connect(port, "X-API-Key", STREAMER)) {
            client.append("t", "Hello");
            client.append("t", " and a great deal more"); // 22 characters: more than the whole minute
            List<TestClient.Frame> frames = client.untilDone("t");
            TestClient.Text error = (TestClient.Text) frames.stream()
                    .filter(frame -> frame instanceof TestClient.Text text && text.action().equals("error"))
                    .findFirst().orElseThrow();
            assertThat(error.json().path("code").asText(), is("quota_exceeded"));
            assertThat(error.requestId(), is("t"));
            JsonNode done = ((TestClient.Text) frames.getLast()).json();
            assertThat(done.path("status").asText(), is("failed"));
            assertThat(done.path("error").path("code").asText(), is("quota_exceeded"));
        }
    }

    @Test
    void aKeyHoldsAtMostItsSessionsAndGetsThemBackWhenOneCloses() throws InterruptedException {
        try (TestClient first = TestClient.connect(port, "X-API-Key", SINGLE)) {
            assertThat(first.synthesize("a", "one").response("a").status(), is("completed"));
            try (TestClient second = TestClient.connect(port, "X-API-Key", SINGLE)) {
                TestClient.Text refusal = second.nextText();
                assertThat(refusal.action(), is("error"));
                assertThat(refusal.json().path("code").asText(), is("quota_exceeded"));
                assertThat(refusal.json().path("retryable").asBoolean(), is(true));
                assertThat(second.next(), is(new TestClient.Closed(1013, "quota_exceeded")));
            }
            assertThat("the first goes on", first.synthesize("b", "two").response("b").status(), is("completed"));
        }
        assertThat(gateway.sessions().awaitActiveSessions(0, BOUND), is(true));
        try (TestClient again = TestClient.connect(port, "X-API-Key", SINGLE)) {
            assertThat(again.synthesize("c", "three").response("c").status(), is("completed"));
        }
    }

    @Test
    void aProviderOrFormatNotAllowedForTheKeyIsForbidden() {
        try (TestClient client = TestClient.connect(port, "?api_key=" + SINGLE)) {
            TestClient.Text provider = client.synthesize("p", "hello", "provider", "openai").nextText();
            assertThat(provider.json().path("code").asText(), is("forbidden"));
            assertThat(provider.json().path("retryable").asBoolean(), is(false));
            assertThat(provider.json().path("message").asText(),
                       is("key 'single' may not use provider 'openai'; it may use tone"));
            TestClient.Text format = client.synthesize("f", "hello", "format", "ulaw_8000").nextText();
            assertThat(format.json().path("code").asText(), is("forbidden"));
            assertThat(format.json().path("message").asText(), containsString("pcm_24000, wav_24000"));
            assertThat(client.synthesize("ok", "hello", "format", "wav_24000").response("ok").status(),
                       is("completed"));
        }
        try (TestClient unlimited = TestClient.connect(port, "X-API-Key", DOOMED)) {
            assertThat("a key without rights lists may use any provider",
                       unlimited.synthesize("o", "hello", "provider", "openai").response("o").status(),
                       is("completed"));
        }
    }

    @Test
    void aRevokedKeyIsRefusedWithoutARestart() throws Exception {
        try (TestClient open = TestClient.connect(port, "Authorization", "Bearer " + DOOMED)) {
            assertThat(open.synthesize("a", "before").response("a").status(), is("completed"));
            writeKeys(false);
            try {
                awaitAccepted(DOOMED, false);
                TestClient.Text refusal = open.synthesize("b", "after").nextText();
                assertThat(refusal.json().path("code").asText(), is("unauthorized"));
                assertThat(refusal.json().path("message").asText(), is("the key was revoked"));
                assertThat("other keys are in force", accepted(METERED), is(true));
            } finally {
                writeKeys(true);
                awaitAccepted(DOOMED, true);
            }
        }
    }

    /** Polls upgrades with a key until the reload made them accepted or refused, within the bound. */
    private void awaitAccepted(String key, boolean wanted) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (accepted(key) != wanted) {
            assertThat("reloaded within " + BOUND, System.nanoTime() - deadline, lessThan(0L));
        }
    }

    @Test
    void aKeyFileThatIsNotValidStopsTheStart(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("keys.yaml"), "keys:\n  - name: x\n    sha256: \"sk-oops-a-key\"\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TestGateways.create(
                Map.of("TTS_PROVIDER", "tone", "GATEWAY_KEYS_FILE", bad.toString())));
        assertThat(e.getMessage(), startsWith("GATEWAY_KEYS_FILE=" + bad + " key 1 ('x'): sha256 must be"));
        assertThat(e.getMessage(), not(containsString("sk-oops")));
    }

    /** Whether an upgrade with a key is accepted (the connection is closed at once). */
    private boolean accepted(String key) {
        try (TestClient client = TestClient.connect(port, "X-API-Key", key)) {
            return client != null;
        } catch (CompletionException e) {
            assertThat(e.getCause(), instanceOf(WebSocketHandshakeException.class));
            assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode(), is(401));
            return false;
        }
    }
}
