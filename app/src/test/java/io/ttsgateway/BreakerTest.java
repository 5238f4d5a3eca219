package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.observe.BreakerLog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The primary provider hangs on every request: each request is served by the fallback and says so
 * ({@code start.source}, {@code done.fallbackFrom}); after the configured run of timeouts the
 * primary's breaker opens and later requests skip it without a request reaching it; after the
 * cool-down (a clock the test moves) one trial request that gets audio closes it.
 */
@ServerTest
class BreakerTest {

    private static final String KEY = "sk-breaker-test-key";
    private static final int FAILURES = 3;
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicLong NOW = new AtomicLong(System.nanoTime());
    private static FakeOpenAi openai;
    private static FakeDeepgram deepgram;
    private static Gateway gateway;

    private final int port;

    BreakerTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        openai = FakeOpenAi.start(KEY);
        deepgram = FakeDeepgram.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "openai",
                                                    "TTS_FALLBACK", "deepgram",
                                                    "CACHE_ENABLED", "false",
                                                    "PROVIDER_FIRST_BYTE_TIMEOUT", "PT0.3S",
                                                    "PROVIDER_BREAKER_FAILURES", Integer.toString(FAILURES),
                                                    "PROVIDER_BREAKER_COOLDOWN", COOL_DOWN.toString(),
                                                    "OPENAI_API_KEY", KEY,
                                                    "OPENAI_BASE_URL", openai.baseUrl(),
                                                    "DG_API_KEY", KEY,
                                                    "DG_BASE_URL", deepgram.baseUrl()),
                                      NOW::get);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        openai.close();
        deepgram.close();
    }

    @Test
    void theBreakerOpensAfterARunOfTimeoutsSkipsThePrimaryAndAnAnsweredTrialClosesIt() throws Exception {
        openai.events().clear();
        openai.behavior().failEvery(Failure.STALL_BEFORE_AUDIO);
        List<String> transitions;
        try (LogCapture log = LogCapture.start(); TestClient client = TestClient.connect(port)) {
            for (int i = 1; i <= FAILURES; i++) {
                assertServedByTheFallback(client, "hang-" + i);
            }
            assertThat(openai.events().count("request:"), is(FAILURES));
            assertThat(breakerStates(), is("openai=open deepgram=closed open 2.0"));

            for (int i = 1; i <= 2; i++) {
                assertServedByTheFallback(client, "skip-" + i);
            }
            HttpResponse<String> speech = speech();
            assertThat(speech.statusCode(), is(200));
            assertThat(speech.headers().firstValue("X-TTS-Source").orElse(null), is("deepgram"));
            assertThat(speech.headers().firstValue("X-TTS-Fallback-From").orElse(null), is("openai"));
            assertThat("no request reached the open provider", openai.events().count("request:"), is(FAILURES));

            openai.behavior().failEvery(Failure.NONE);
            assertServedByTheFallback(client, "still-open"); // the cool-down is not over
            NOW.addAndGet(COOL_DOWN.toNanos());
            TestClient.Response trial = client.synthesize("trial", "The primary is back.").response("trial");
            assertThat(trial.status(), is("completed"));
            assertThat(trial.start().path("source").asText(), is("openai"));
            assertThat(trial.done().has("fallbackFrom"), is(false));
            assertThat(breakerStates(), is("openai=closed deepgram=closed closed 0.0"));
            transitions = log.records().stream()
                    .filter(r -> r.getLoggerName().equals(BreakerLog.class.getName()))
                    .map(r -> r.getLevel() + " " + r.getMessage()).toList();
        }
        assertThat(transitions.size(), is(3));
        assertThat(transitions.get(0), is("WARNING Provider openai breaker closed -> open: 3 failures in a row,"
                + " the last timeout; requests skip it for 30000 ms"));
        assertThat(transitions.get(1), containsString("WARNING Provider openai breaker open -> half_open: "));
        assertThat(transitions.get(2), containsString("WARNING Provider openai breaker half_open -> closed: "));
    }

    @Test
    void theFirstByteMetricAndTheRequestCountNameTheFallback() throws Exception {
        openai.behavior().failNext(Failure.SERVER_ERROR);
        double firstBytes = metric("tts_time_to_first_byte_seconds_count{scope=\"application\",source=\"deepgram\",}");
        double requests = metric("tts_requests_total{scope=\"application\",source=\"deepgram\",status=\"completed\",}");
        try (TestClient client = TestClient.connect(port)) {
            assertServedByTheFallback(client, "metered");
            // An answered request ends the run of failures, whichever test comes next.
            assertThat(client.synthesize("answered", "Hello.").response("answered").start().path("source").asText(),
                       is("openai"));
        }
        assertThat(metric("tts_time_to_first_byte_seconds_count{scope=\"application\",source=\"deepgram\",}"),
                   is(firstBytes + 1));
        assertThat(metric("tts_requests_total{scope=\"application\",source=\"deepgram\",status=\"completed\",}"),
                   is(requests + 1));
    }

    private static void assertServedByTheFallback(TestClient client, String id) {
        TestClient.Response response = client.synthesize(id, "Hello while the primary hangs.").response(id);
        assertThat(id, response.status(), is("completed"));
        assertThat(id, response.start().path("source").asText(), is("deepgram"));
        List<String> from = MAPPER.convertValue(response.done().path("fallbackFrom"),
                                                MAPPER.getTypeFactory().constructCollectionType(List.class,
                                                                                                String.class));
        assertThat(id, from, contains("openai"));
    }

    /** The breakers as the providers document, the health details and the gauge show them. */
    private String breakerStates() throws IOException, InterruptedException {
        JsonNode providers = MAPPER.readTree(get("/api/v1/providers").body()).path("providers");
        StringBuilder states = new StringBuilder();
        providers.forEach(p -> states.append(p.path("name").asText()).append('=')
                .append(p.path("breaker").asText()).append(' '));
        for (JsonNode check : MAPPER.readTree(get("/observe/health").body()).path("checks")) {
            if (check.path("name").asText().equals("tts-ready")) {
                states.append(check.path("data").path("breaker.openai").asText()).append(' ');
            }
        }
        return states.append(metric("tts_provider_breaker_state{provider=\"openai\",scope=\"application\",}"))
                .toString();
    }

    private double metric(String series) throws IOException, InterruptedException {
        for (String line : get("/observe/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                 .timeout(TestClient.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> speech() throws IOException, InterruptedException {
        String body = MAPPER.createObjectNode().put("model", "tts-1").put("input", "Hello over HTTP.")
                .put("voice", "alloy").put("response_format", "pcm").toString();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/audio/speech"))
                                 .header("Content-Type", "application/json")
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(TestClient.TIMEOUT).build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
