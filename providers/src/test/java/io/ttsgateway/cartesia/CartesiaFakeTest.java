package io.ttsgateway.cartesia;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.fakes.FakeCartesia;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fake itself speaks Cartesia's protocol: what it accepts and refuses, and the shapes it answers
 * with, seen from a plain JDK WebSocket rather than the client under test.
 */
class CartesiaFakeTest {

    private static final String KEY = "sk_car_fake-test-key";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeCartesia fake;
    private HttpClient client;

    @BeforeEach
    void start() {
        fake = FakeCartesia.start(KEY);
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        client.shutdownNow();
        fake.close();
    }

    @Test
    void takesTheKeyAndVersionFromTheQueryInEveryVersion() throws Exception {
        for (String version : new String[] {"2024-06-10", "2025-04-16"}) {
            Socket socket = connect("?api_key=" + KEY + "&cartesia_version=" + version, Map.of());
            socket.send(generation("q-" + version, "pcm_s16le", 16000, "en"));
            JsonNode chunk = socket.next();
            assertThat(chunk.path("type").asText(), is("chunk"));
            assertThat(chunk.path("status_code").asInt(), is(206));
            assertThat(chunk.path("data").asText().isEmpty(), is(false));
            socket.close();
        }
        assertThat(fake.events().count("auth:query"), is(2));
    }

    @Test
    void refusesTheKeyInTheWrongHeaderForTheVersion() {
        assertHandshake(401, Map.of("X-API-Key", KEY, "Cartesia-Version", "2025-04-16"));
        assertHandshake(401, Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2024-11-13"));
        assertHandshake(401, Map.of("Authorization", "Bearer wrong", "Cartesia-Version", "2025-04-16"));
        assertHandshake(400, Map.of("Authorization", "Bearer " + KEY));
        assertThat(fake.events().count("connect"), is(0));
        assertThat(fake.events().count("rejected:"), is(4));
    }

    @Test
    void aBadRequestGetsAnErrorOnItsContextAndTheSocketServesOn() throws Exception {
        Socket socket = connect("", Map.of("X-API-Key", KEY, "Cartesia-Version", "2024-06-10"));
        socket.send(generation("bad", "pcm_s16le", 12345, "en"));
        JsonNode error = socket.next();
        assertThat(error.path("type").asText(), is("error"));
        assertThat(error.path("context_id").asText(), is("bad"));
        assertThat(error.path("status_code").asInt(), is(400));
        assertThat(error.path("done").asBoolean(), is(true));
        assertThat(error.path("error").isTextual(), is(true));
        socket.send(generation("good", "pcm_mulaw", 8000, "en"));
        JsonNode message;
        do {
            message = socket.next();
        } while (message.path("type").asText().equals("chunk"));
        assertThat(message.path("type").asText(), is("done"));
        assertThat(message.path("context_id").asText(), is("good"));
        assertThat(fake.events().count("connect"), is(1));
        socket.close();
    }

    @Test
    void versionsFrom2026HaveStructuredErrors() throws Exception {
        Socket socket = connect("", Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2026-03-01"));
        socket.send(generation("lang", "pcm_s16le", 24000, "xx"));
        JsonNode error = socket.next();
        assertThat(error.path("type").asText(), is("error"));
        assertThat(error.path("error_code").asText(), is("invalid_request"));
        assertThat(error.get("title"), notNullValue());
        assertThat(error.get("message"), notNullValue());
        assertThat(error.has("error"), is(false));
        socket.close();
    }

    @Test
    void aCancelStopsTheContext() throws Exception {
        fake.behavior().chunks(500).chunkInterval(Duration.ofMillis(20));
        Socket socket = connect("", Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2025-04-16"));
        socket.send(generation("long", "pcm_s16le", 8000, "en"));
        assertThat(socket.next().path("type").asText(), is("chunk"));
        socket.send("{\"context_id\":\"long\",\"cancel\":true}");
        fake.events().await("cancel:long", WAIT);
        fake.events().await("stopped:long", WAIT);
        assertThat(fake.events().count("done:long"), is(0));
        socket.close();
    }

    @Test
    void aContinuationSpeaksEachFlushWithItsFlushIdAndEndsWithDone() throws Exception {
        Socket socket = connect("", Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2025-04-16"));
        socket.send(input("c1", "Hello there,", true, false));
        socket.send(input("c1", "", true, true));
        assertFlush(socket, "c1", 1);
        socket.send(input("c1", " how are you?", true, false));
        socket.send(input("c1", "", true, true));
        assertFlush(socket, "c1", 2);
        socket.send(input("c1", "", false, false));
        JsonNode done = socket.next();
        assertThat(done.path("type").asText(), is("done"));
        assertThat(done.path("context_id").asText(), is("c1"));
        assertThat(fake.events().count("request:"), is(1));
        assertThat(fake.events().count("input:c1"), is(5));
        fake.events().await("end:c1", WAIT);
        socket.close();
    }

    @Test
    void anInputChangingAFieldOtherThanTranscriptContinueOrFlushEndsTheContext() throws Exception {
        Socket socket = connect("", Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2025-04-16"));
        socket.send(input("c2", "Hello there,", true, false));
        ObjectNode changed = (ObjectNode) MAPPER.readTree(input("c2", " friend.", true, false));
        changed.put("language", "fr");
        socket.send(changed.toString());
        JsonNode error = socket.next();
        assertThat(error.path("type").asText(), is("error"));
        assertThat(error.path("context_id").asText(), is("c2"));
        assertThat(error.path("status_code").asInt(), is(400));
        assertThat(error.path("done").asBoolean(), is(true));
        fake.events().await("rejected:fields", WAIT);
        fake.events().await("stopped:c2", WAIT);
        // duration may change, as the API documents
        ObjectNode longer = (ObjectNode) MAPPER.readTree(input("c3", "Hello,", true, false));
        socket.send(longer.toString());
        longer.put("transcript", " again.");
        longer.put("duration", 3.5);
        longer.put("continue", false);
        socket.send(longer.toString());
        JsonNode message;
        do {
            message = socket.next();
        } while (message.path("type").asText().equals("chunk"));
        assertThat(message.path("type").asText(), is("done"));
        assertThat(message.path("context_id").asText(), is("c3"));
        socket.close();
    }

    @Test
    void aContextWaitingForInputExpiresAndRefusesMore() throws Exception {
        fake.contextExpiry(Duration.ofMillis(100));
        Socket socket = connect("", Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2025-04-16"));
        socket.send(input("c4", "Hello there,", true, false));
        socket.send(input("c4", "", true, true));
        assertFlush(socket, "c4", 1);
        fake.events().await("expired:c4", WAIT);
        socket.send(input("c4", " still there?", true, false));
        JsonNode error = socket.next();
        assertThat(error.path("type").asText(), is("error"));
        assertThat(error.path("status_code").asInt(), is(400));
        fake.events().await("rejected:expired", WAIT);
        socket.close();
    }

    @Test
    void speedControlsAreCheckedAsEachVersionDocumentsThem() throws Exception {
        Socket socket = connect("", Map.of("Authorization", "Bearer " + KEY, "Cartesia-Version", "2025-04-16"));
        ObjectNode tooFast = (ObjectNode) MAPPER.readTree(input("s1", "Hello.", false, false));
        tooFast.putObject("generation_config").put("speed", 2.0);
        socket.send(tooFast.toString());
        assertThat(socket.next().path("type").asText(), is("error"));
        ObjectNode named = (ObjectNode) MAPPER.readTree(input("s2", "Hello.", false, false));
        named.put("speed", "fastest");
        socket.send(named.toString());
        assertThat(socket.next().path("type").asText(), is("error"));
        ObjectNode experimental = (ObjectNode) MAPPER.readTree(input("s3", "Hello.", false, false));
        ((ObjectNode) experimental.get("voice")).putObject("__experimental_controls").put("speed", 0.5);
        experimental.put("speed", "fast");
        socket.send(experimental.toString());
        assertThat(socket.next().path("type").asText(), is("chunk"));
        assertThat(fake.events().count("rejected:speed"), is(2));
        socket.close();
    }

    private static void assertFlush(Socket socket, String context, int flushId) throws Exception {
        int chunks = 0;
        JsonNode message;
        while ((message = socket.next()).path("type").asText().equals("chunk")) {
            assertThat(message.path("context_id").asText(), is(context));
            assertThat(message.path("flush_id").asInt(), is(flushId));
            chunks++;
        }
        assertThat(chunks > 0, is(true));
        assertThat(message.path("type").asText(), is("flush_done"));
        assertThat(message.path("flush_id").asInt(), is(flushId));
        assertThat(message.path("flush_done").asBoolean(), is(true));
        assertThat(message.path("done").asBoolean(), is(false));
    }

    private static String input(String context, String transcript, boolean more, boolean flush) {
        ObjectNode message = MAPPER.createObjectNode();
        message.put("model_id", "sonic-2");
        message.put("transcript", transcript);
        message.putObject("voice").put("mode", "id").put("id", CartesiaSettings.DEFAULT_VOICE);
        message.put("language", "en");
        message.put("context_id", context);
        message.putObject("output_format").put("container", "raw").put("encoding", "pcm_s16le")
                .put("sample_rate", 16000);
        message.put("continue", more);
        if (flush) {
            message.put("flush", true);
        }
        return message.toString();
    }

    private void assertHandshake(int status, Map<String, String> headers) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect("", headers));
        assertThat(e.getCause(), instanceOf(WebSocketHandshakeException.class));
        assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode(), is(status));
    }

    private static String generation(String context, String encoding, int rate, String language) {
        return "{\"model_id\":\"sonic-2\",\"transcript\":\"Hello there\",\"voice\":{\"mode\":\"id\",\"id\":\""
                + CartesiaSettings.DEFAULT_VOICE + "\"},\"language\":\"" + language + "\",\"context_id\":\"" + context
                + "\",\"output_format\":{\"container\":\"raw\",\"encoding\":\"" + encoding + "\",\"sample_rate\":"
                + rate + "},\"continue\":false}";
    }

    private Socket connect(String query, Map<String, String> headers) throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket.Builder builder = client.newWebSocketBuilder();
        headers.forEach(builder::header);
        StringBuilder partial = new StringBuilder();
        WebSocket socket = builder.buildAsync(URI.create(fake.baseUrl().replace("http", "ws") + FakeCartesia.PATH
                                                                 + query), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return new Socket(socket, messages);
    }

    private record Socket(WebSocket socket, BlockingQueue<String> messages) {

        void send(String text) throws Exception {
            socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        JsonNode next() throws Exception {
            String text = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat("a message within " + WAIT, text, not(is((String) null)));
            return MAPPER.readTree(text);
        }

        void close() {
            socket.abort();
        }
    }
}
