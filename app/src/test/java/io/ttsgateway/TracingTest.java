package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.observe.trace.Tracing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * OpenTelemetry traces, read from an in-memory exporter: a span per request with its provider
 * attempts as children, the caller's {@code traceparent} as parent, and never the text.
 */
@ServerTest
class TracingTest {

    private static final String KEY = "sk-tracing-test-key";
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01";
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static FakeDeepgram deepgram;
    private static FakeCartesia cartesia;

    private final int port;
    private TestClient client;

    TracingTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        deepgram = FakeDeepgram.start(KEY);
        cartesia = FakeCartesia.start(KEY);
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        TestGateways.setUp(server, Map.of("TTS_PROVIDER", "deepgram",
                                          "TTS_FALLBACK", "cartesia",
                                          "PROVIDER_FIRST_BYTE_TIMEOUT", "PT2S",
                                          "PROVIDER_STALL_TIMEOUT", "PT2S",
                                          "DG_API_KEY", KEY,
                                          "DG_BASE_URL", deepgram.baseUrl(),
                                          "CARTESIA_API_KEY", KEY,
                                          "CARTESIA_BASE_URL", cartesia.baseUrl()),
                           Tracing.of(sdk));
    }

    @AfterAll
    static void stopFakes() {
        deepgram.close();
        cartesia.close();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
        deepgram.behavior().failNext(Failure.NONE);
    }

    @Test
    void aFallbackShowsBothProviderAttemptsUnderTheRequestSpan() {
        String text = "Trace this sentence through a fallback.";
        SpanData request = synthesizeAfter(Failure.SERVER_ERROR, "fb", text, "completed");
        assertThat(request.getAttributes().get(string("tts.api")), is("websocket"));
        assertThat(request.getAttributes().get(string("tts.provider.requested")), is("deepgram"));
        assertThat(request.getAttributes().get(string("tts.provider")), is("cartesia"));
        assertThat(request.getAttributes().get(string("tts.fallback.from")), is("deepgram"));
        assertThat(request.getAttributes().get(string("tts.source")), is("cartesia"));
        assertThat(request.getAttributes().get(string("tts.cache")), is("miss"));
        assertThat(request.getAttributes().get(string("tts.format")), is("pcm_24000"));
        assertThat(request.getAttributes().get(string("tts.outcome")), is("completed"));
        assertThat(request.getAttributes().get(AttributeKey.longKey("tts.characters")), is((long) text.length()));
        assertThat(request.getAttributes().get(AttributeKey.doubleKey("tts.first_byte_ms")), greaterThan(0.0));
        assertThat(request.getAttributes().get(string("tts.voice")), not(nullValue()));
        assertThat(request.getParentSpanContext().isValid(), is(false)); // no traceparent: a trace of its own

        List<SpanData> attempts = children(request);
        assertThat(attempts.stream().map(span -> span.getAttributes().get(string("tts.provider"))).toList(),
                   contains("deepgram", "cartesia"));
        SpanData failed = attempts.get(0);
        assertThat(failed.getAttributes().get(string("tts.outcome")), is("failed"));
        assertThat(failed.getAttributes().get(string("tts.error.code")), is("provider_unavailable"));
        assertThat(failed.getStatus().getStatusCode(), is(StatusCode.ERROR));
        assertThat(attempts.get(1).getAttributes().get(string("tts.outcome")), is("completed"));
        assertThat(attempts.get(1).getAttributes().get(AttributeKey.longKey("tts.attempt")), is(2L));
        assertNoSpanHolds(text);
    }

    @Test
    void aTraceparentOnTheUpgradeMakesEveryRequestOfTheConnectionAChildOfTheCallersSpan() {
        String first = "The caller's trace holds this request.";
        String second = "And this one, on the same connection.";
        client = TestClient.connect(port, "traceparent", TRACEPARENT);
        assertThat(client.synthesize("tp1", first).response("tp1").status(), is("completed"));
        assertThat(client.synthesize("tp2", second).response("tp2").status(), is("completed"));

        for (String id : List.of("tp1", "tp2")) {
            SpanData request = requestSpan(id);
            assertThat(request.getTraceId(), is(CALLER_TRACE));
            assertThat(request.getParentSpanId(), is(CALLER_SPAN));
            assertThat(children(request), hasSize(1));
            assertThat(children(request).get(0).getTraceId(), is(CALLER_TRACE));
        }
        assertNoSpanHolds(first);
        assertNoSpanHolds(second);
    }

    @Test
    void aCacheHitHasNoProviderSpan() {
        String text = "Said twice, synthesized once.";
        client = TestClient.connect(port);
        assertThat(client.synthesize("miss", text).response("miss").status(), is("completed"));
        assertThat(client.synthesize("hit", text).response("hit").status(), is("completed"));

        assertThat(requestSpan("miss").getAttributes().get(string("tts.cache")), is("miss"));
        assertThat(children(requestSpan("miss")), hasSize(1));
        SpanData hit = requestSpan("hit");
        assertThat(hit.getAttributes().get(string("tts.cache")), is("hit"));
        assertThat(hit.getAttributes().get(string("tts.source")), is("cache"));
        assertThat(hit.getAttributes().get(string("tts.outcome")), is("completed"));
        assertThat(children(hit), is(empty()));
        assertNoSpanHolds(text);
    }

    @Test
    void aFailureThatIsNotRetriedEndsBothSpansWithItsCode() {
        String text = "A refused key ends this one.";
        SpanData request = synthesizeAfter(Failure.UNAUTHORIZED, "auth", text, "failed");
        assertThat(request.getAttributes().get(string("tts.outcome")), is("failed"));
        assertThat(request.getAttributes().get(string("tts.error.code")), is("provider_auth_failed"));
        assertThat(request.getStatus().getStatusCode(), is(StatusCode.ERROR));
        assertThat(request.getAttributes().get(string("tts.fallback.from")), is(nullValue()));
        List<SpanData> attempts = children(request);
        assertThat(attempts, hasSize(1));
        assertThat(attempts.get(0).getAttributes().get(string("tts.error.code")), is("provider_auth_failed"));
        assertNoSpanHolds(text);
    }

    @Test
    void theSpeechApiTakesTheCallersTraceFromItsHeaders() throws IOException, InterruptedException {
        String text = "Spoken through the HTTP API, traced.";
        String body = "{\"model\":\"deepgram\",\"voice\":\"alloy\",\"response_format\":\"pcm\",\"input\":\"" + text + "\"}";
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/audio/speech"))
                        .header("Content-Type", "application/json")
                        .header("traceparent", TRACEPARENT)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode(), is(200));

        SpanData request = SPANS.getFinishedSpanItems().stream()
                .filter(span -> "http".equals(span.getAttributes().get(string("tts.api"))))
                .findFirst().orElseThrow();
        assertThat(request.getTraceId(), is(CALLER_TRACE));
        assertThat(request.getParentSpanId(), is(CALLER_SPAN));
        assertThat(request.getAttributes().get(string("tts.outcome")), is("completed"));
        assertThat(request.getAttributes().get(AttributeKey.longKey("tts.characters")), is((long) text.length()));
        assertThat(children(request), hasSize(1));
        assertNoSpanHolds(text);
    }

    @Test
    void theOtherHttpApisGetASpanPerCallAndHealthNone() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String path : List.of("/v1/models", "/observe/health")) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("traceparent", TRACEPARENT).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(path, response.statusCode(), is(200));
            }
        }
        SpanData models = SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("GET /v1/models")).findFirst().orElseThrow();
        assertThat(models.getParentSpanId(), is(CALLER_SPAN));
        assertThat(models.getAttributes().get(AttributeKey.longKey("http.response.status_code")), is(200L));
        assertThat(SPANS.getFinishedSpanItems().stream().filter(span -> span.getName().contains("/observe")).toList(),
                   is(empty()));
        assertThat(SPANS.getFinishedSpanItems().stream().filter(span -> span.getName().contains("/v1/audio/speech"))
                           .toList(), is(empty()));
    }

    /** Synthesizes with Deepgram (the provider asked for) failing as told; returns the request's span. */
    private SpanData synthesizeAfter(Failure failure, String requestId, String text, String status) {
        deepgram.behavior().failNext(failure);
        client = TestClient.connect(port);
        assertThat(client.synthesize(requestId, text).response(requestId).status(), is(status));
        return requestSpan(requestId);
    }

    private static SpanData requestSpan(String requestId) {
        // The span ends before the done goes out: it is here once the client has the done.
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> requestId.equals(span.getAttributes().get(string("tts.request.id"))))
                .findFirst().orElseThrow(() -> new AssertionError("no span of request " + requestId));
    }

    private static List<SpanData> children(SpanData parent) {
        return SPANS.getFinishedSpanItems().stream()
                .filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .toList();
    }

    /** No attribute value (of a span or an event) and no status of any span holds the text, nor its longest word. */
    private static void assertNoSpanHolds(String text) {
        String longestWord = List.of(text.split("\\W+")).stream()
                .reduce((a, b) -> a.length() >= b.length() ? a : b).orElseThrow();
        for (SpanData span : SPANS.getFinishedSpanItems()) {
            StringBuilder values = new StringBuilder(span.getName()).append(span.getStatus().getDescription());
            span.getAttributes().forEach((key, value) -> values.append('|').append(value));
            span.getEvents().forEach(event -> event.getAttributes().forEach((key, value) -> values.append('|').append(value)));
            assertThat(values.toString(), not(containsString(text)));
            assertThat(values.toString(), not(containsString(longestWord)));
        }
    }

    private static AttributeKey<String> string(String name) {
        return AttributeKey.stringKey(name);
    }
}
