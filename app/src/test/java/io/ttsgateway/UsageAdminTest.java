package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.keys.KeyFileWatcher;
import io.ttsgateway.keys.KeyHash;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * Usage per key and provider on the admin endpoint and in the metrics, the HTTP API's answers to a
 * key's limits and rights, and keys that never reach the logs or the usage.
 */
@ServerTest
class UsageAdminTest {

    private static final String SPARE = "sk-spare-8e21";
    /** 20 characters per minute, {@code mp3} and {@code pcm} only. */
    private static final String SPEECH = "sk-speech-37c9";
    private static final String ADMIN = "admin-key-f00d";
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path keyFile;
    private static Gateway gateway;
    private final int port;

    UsageAdminTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) throws IOException {
        keyFile = Files.createTempDirectory("tts-keys").resolve("keys.json");
        writeKeys("\"" + KeyHash.hex(SPARE) + "\"");
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone", "GATEWAY_KEYS_FILE", keyFile.toString(),
                                                    "GATEWAY_KEYS_RELOAD_INTERVAL", "PT0.02S",
                                                    "GATEWAY_ADMIN_KEY", ADMIN,
                                                    "GATEWAY_USAGE_FLUSH_INTERVAL", "PT0.05S"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    private static void writeKeys(String spareDigest) throws IOException {
        KeyFiles.write(keyFile, """
                {"keys": [
                  {"name": "spare", "sha256": %s},
                  {"name": "speech", "sha256": "%s", "charactersPerMinute": 20, "formats": ["mp3", "pcm"]}
                ]}
                """.formatted(spareDigest, KeyHash.hex(SPEECH)));
    }

    @Test
    void theAdminEndpointNeedsTheAdminKey() throws Exception {
        for (String wrong : new String[] {null, "not-the-admin-key", SPARE}) {
            HttpResponse<String> refused = AdminUsage.get(port, wrong);
            assertThat(refused.statusCode(), is(401));
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""), is("Bearer"));
            assertThat(refused.body(), not(containsString("usage")));
        }
        HttpResponse<String> answered = AdminUsage.get(port, ADMIN);
        assertThat(answered.statusCode(), is(200));
        assertThat(MAPPER.readTree(answered.body()).path("store").asText(), is("disk"));
    }

    @Test
    void usageIsCountedPerKeyAndProviderAndShownByNameOnly() throws Exception {
        String text = "Count me twice.";
        try (TestClient client = TestClient.connect(port, "X-API-Key", SPARE)) {
            assertThat(client.synthesize("a", text).response("a").status(), is("completed"));
            TestClient.Response again = client.synthesize("b", text).response("b");
            assertThat(again.start().path("source").asText(), is("cache"));
        }
        JsonNode row = AdminUsage.awaitRow(port, ADMIN, "spare", "tone", 2);
        assertThat(row.path("characters").asLong(), is(30L));
        assertThat(row.path("cacheHits").asLong(), is(1L));
        assertThat(row.path("audioSeconds").asDouble(), greaterThan(0.0));

        String body = AdminUsage.get(port, ADMIN).body();
        assertThat(body, not(containsString(SPARE)));
        assertThat(body, not(containsString(KeyHash.hex(SPARE))));
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/metrics"))
                                           .header("Accept", "text/plain").build(),
                                   HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics, containsString("tts_usage_requests_total{"));
        assertThat(metrics, containsString("key=\"spare\""));
        assertThat(metrics, not(containsString(SPARE)));
    }

    @Test
    void theSpeechApiAnswersAKeysLimitsInOpenAisShape() throws Exception {
        HttpResponse<String> forbidden = speech("wav", "hello");
        assertThat(forbidden.statusCode(), is(403));
        JsonNode error = MAPPER.readTree(forbidden.body()).path("error");
        assertThat(error.path("code").asText(), is("forbidden"));
        assertThat(error.path("type").asText(), is("permission_error"));

        HttpResponse<String> limited = null;
        // A minute holds one of these; three requests in under a minute span at most two minutes.
        for (int i = 0; i < 3 && (limited == null || limited.statusCode() == 200); i++) {
            limited = speech("pcm", "Fifteen chars!!");
        }
        assertThat(limited.statusCode(), is(429));
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()),
                   allOf(greaterThanOrEqualTo(1L), lessThanOrEqualTo(60L)));
        error = MAPPER.readTree(limited.body()).path("error");
        assertThat(error.path("code").asText(), is("quota_exceeded"));
        assertThat(error.path("type").asText(), is("rate_limit_error"));
    }

    @Test
    void keysNeverReachTheLogsEvenWhenOneIsPastedWhereItsDigestBelongs() throws Exception {
        KeyFileWatcher watcher = gateway.keys().watcher().orElseThrow();
        String all;
        try (LogCapture logs = LogCapture.of("", Level.ALL)) {
            try (TestClient client = TestClient.connect(port, "Authorization", "Bearer " + SPARE)) {
                assertThat(client.synthesize("s", "logged nowhere").response("s").status(), is("completed"));
            }
            speech("pcm", "x".repeat(21)); // over the whole quota
            AdminUsage.get(port, SPEECH); // a client key where the admin key belongs
            long rejected = watcher.rejected();
            writeKeys("\"" + SPARE + "\""); // the key itself where its digest belongs
            await(watcher::rejected, rejected + 1);
            long reloads = watcher.reloads();
            writeKeys("\"" + KeyHash.hex(SPARE) + "\"");
            await(watcher::reloads, reloads + 1);
            all = String.join("\n", logs.lines());
        }
        assertThat(all, containsString("GATEWAY_KEYS_FILE"));
        for (String secret : List.of(SPARE, SPEECH, ADMIN)) {
            assertThat(all, not(containsString(secret)));
        }
    }

    private HttpResponse<String> speech(String format, String input) throws IOException, InterruptedException {
        String body = MAPPER.createObjectNode().put("model", "tone").put("input", input).put("voice", "alloy")
                .put("response_format", format).toString();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/audio/speech"))
                                 .header("Authorization", "Bearer " + SPEECH)
                                 .header("Content-Type", "application/json")
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(BOUND).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a count the key file's watcher raises, within the bound. */
    private static void await(LongSupplier count, long wanted) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (count.getAsLong() < wanted) {
            assertThat("within " + BOUND, System.nanoTime() - deadline, lessThan(0L));
            Thread.sleep(5);
        }
    }
}
