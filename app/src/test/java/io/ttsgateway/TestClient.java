package io.ttsgateway;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real WebSocket client (the JDK's) that records every frame it receives, in order.
 */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A frame received from the server. */
    sealed interface Frame {
    }

    /** A JSON text message. */
    record Text(JsonNode json) implements Frame {
        String action() {
            return json.path("action").asText();
        }

        String requestId() {
            return json.hasNonNull("requestId") ? json.get("requestId").asText() : null;
        }
    }

    /** A binary message. */
    record Binary(byte[] bytes) implements Frame {
    }

    /** A close frame. */
    record Closed(int code, String reason) implements Frame {
    }

    /** A ping from the server. */
    record Ping() implements Frame {
    }

    /** A pong from the server. */
    record Pong() implements Frame {
    }

    /**
     * Everything the server sent for one request, from its start to its done.
     *
     * @param start  the start message, or {@code null} when no audio came
     * @param chunks the binary frames
     * @param done       the done message
     * @param alignments the alignment messages, in order
     */
    record Response(JsonNode start, List<byte[]> chunks, JsonNode done, List<JsonNode> alignments) {
        byte[] audio() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            chunks.forEach(out::writeBytes);
            return out.toByteArray();
        }

        String status() {
            return done.path("status").asText();
        }
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private TestClient(WebSocket.Builder builder, URI uri) {
        this.socket = builder.buildAsync(uri, new Recorder()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    static TestClient connect(int port) {
        return connect(port, "");
    }

    static TestClient connect(int port, String query) {
        return new TestClient(HttpClient.newHttpClient().newWebSocketBuilder(),
                              URI.create("ws://localhost:" + port + Gateway.WEBSOCKET_PATH + query));
    }

    static TestClient connect(int port, String header, String value) {
        return new TestClient(HttpClient.newHttpClient().newWebSocketBuilder().header(header, value),
                              URI.create("ws://localhost:" + port + Gateway.WEBSOCKET_PATH));
    }

    TestClient send(String json) {
        socket.sendText(json, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    TestClient synthesize(String requestId, String text) {
        var node = MAPPER.createObjectNode().put("action", "synthesize").put("text", text);
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        return send(node.toString());
    }

    TestClient append(String requestId, String text) {
        return send(MAPPER.createObjectNode().put("action", "append").put("requestId", requestId).put("text", text)
                            .toString());
    }

    TestClient flush(String requestId) {
        return send(MAPPER.createObjectNode().put("action", "flush").put("requestId", requestId).toString());
    }

    TestClient end(String requestId) {
        return send(MAPPER.createObjectNode().put("action", "end").put("requestId", requestId).toString());
    }

    /**
     * Sends a synthesize message with options, given as field/value pairs.
     */
    TestClient synthesize(String requestId, String text, String... options) {
        var node = MAPPER.createObjectNode().put("action", "synthesize").put("text", text).put("requestId", requestId);
        for (int i = 0; i < options.length; i += 2) {
            node.put(options[i], options[i + 1]);
        }
        return send(node.toString());
    }

    TestClient cancel(String requestId) {
        var node = MAPPER.createObjectNode().put("action", "cancel");
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        return send(node.toString());
    }

    TestClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    TestClient ping() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    /**
     * The next frame other than pings and pongs.
     */
    Frame next() {
        while (true) {
            Frame frame = nextAny();
            if (!(frame instanceof Ping) && !(frame instanceof Pong)) {
                return frame;
            }
        }
    }

    /**
     * The next frame of any kind.
     */
    Frame nextAny() {
        try {
            Frame frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame from the server within " + TIMEOUT);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The next text message, failing on anything else.
     */
    Text nextText() {
        Frame frame = next();
        if (frame instanceof Text text) {
            return text;
        }
        throw new AssertionError("expected a text message, got " + describe(frame));
    }

    /**
     * Reads one request's frames: an optional start, binary frames, and its done. Fails on frames
     * that belong to another request or come out of order.
     */
    Response response(String requestId) {
        return response(requestId, null);
    }

    /**
     * Reads the rest of one request's frames when its start was already read.
     */
    Response response(String requestId, JsonNode start) {
        List<byte[]> chunks = new ArrayList<>();
        List<JsonNode> alignments = new ArrayList<>();
        while (true) {
            Frame frame = next();
            switch (frame) {
            case Binary binary -> {
                if (start == null) {
                    throw new AssertionError("audio before start for " + requestId);
                }
                chunks.add(binary.bytes());
            }
            case Text text when text.action().equals("start") -> {
                assertRequest(text, requestId);
                if (start != null || !chunks.isEmpty()) {
                    throw new AssertionError("second start for " + requestId);
                }
                start = text.json();
            }
            case Text text when text.action().equals("alignment") -> {
                assertRequest(text, requestId);
                if (start == null) {
                    throw new AssertionError("alignment before start for " + requestId);
                }
                alignments.add(text.json());
            }
            case Text text when text.action().equals("done") -> {
                assertRequest(text, requestId);
                return new Response(start, chunks, text.json(), alignments);
            }
            default -> throw new AssertionError("unexpected " + describe(frame) + " while reading " + requestId);
            }
        }
    }

    /**
     * Every frame up to and including the done of one request, whatever they are: for checks on
     * messages that may interleave with a request's audio.
     */
    List<Frame> untilDone(String requestId) {
        List<Frame> seen = new ArrayList<>();
        while (true) {
            Frame frame = next();
            seen.add(frame);
            if (frame instanceof Text text && text.action().equals("done") && Objects.equals(text.requestId(),
                                                                                             requestId)) {
                return seen;
            }
        }
    }

    /**
     * Skips the start and audio of a request and returns its done message.
     */
    Text doneAfterAudio(String requestId) {
        while (true) {
            Frame frame = next();
            if (frame instanceof Text text && text.action().equals("done")) {
                assertRequest(text, requestId);
                return text;
            }
            if (frame instanceof Text text && text.action().equals("start")) {
                assertRequest(text, requestId);
            } else if (!(frame instanceof Binary)) {
                throw new AssertionError("unexpected " + describe(frame) + " before done of " + requestId);
            }
        }
    }

    /**
     * Whether nothing else arrives within a short time (used only to check that nothing more
     * comes after a terminal message; never to wait for something).
     */
    Frame pollAfter(Duration quiet) throws InterruptedException {
        Frame frame;
        do {
            frame = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        } while (frame instanceof Ping || frame instanceof Pong);
        return frame;
    }

    static String describe(Frame frame) {
        return switch (frame) {
            case Text text -> "text " + text.json();
            case Binary binary -> "binary of " + binary.bytes().length + " bytes";
            case Closed closed -> "close " + closed.code() + " " + closed.reason();
            case Ping ping -> "ping";
            case Pong pong -> "pong";
        };
    }

    private static void assertRequest(Text text, String requestId) {
        String actual = text.requestId();
        if (requestId == null ? actual != null : !requestId.equals(actual)) {
            throw new AssertionError("expected " + requestId + " but got " + text.json());
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }

    private final class Recorder implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    frames.add(new Text(MAPPER.readTree(text.toString())));
                } catch (Exception e) {
                    throw new AssertionError("server sent invalid JSON: " + text, e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                frames.add(new Binary(binary.toByteArray()));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            frames.add(new Ping());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            frames.add(new Pong());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            frames.add(new Closed(-1, String.valueOf(error)));
        }
    }
}
