package io.ttsgateway.fakes;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * One client connection to {@link FakeCartesia}: checks the upgrade, validates messages on the
 * reader thread and streams each context from a virtual thread of its own, all sends under one
 * lock (Helidon's {@code WsSession.send} is not thread-safe).
 */
final class CartesiaFakeSocket implements WsListener {

    /** First version authenticating with a bearer token. */
    static final String FIRST_BEARER_VERSION = "2025-04-16";
    /** First version with {@code error_code}/{@code title}/{@code message} errors. */
    static final String FIRST_STRUCTURED_ERROR_VERSION = "2026-03-01";
    /** Largest client message, reassembled from fragments. */
    private static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    /** Longest a stalled context holds before the fake gives up on it (a test's upper bound). */
    private static final long STALL_HOLD_SECONDS = 60;
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern VOICE_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final FakeCartesia fake;
    private final FakeEvents events;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Map<String, CountDownLatch> streams = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private String version;
    private String presentedKey;
    private volatile WsSession session;
    private volatile boolean closing;
    private volatile long lastActivity = System.nanoTime();

    /**
     * Creates the listener of one connection.
     *
     * @param fake the fake it belongs to
     */
    CartesiaFakeSocket(FakeCartesia fake) {
        this.fake = fake;
        this.events = fake.events();
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        var query = prologue.query();
        String wanted = query.contains("cartesia_version") ? query.get("cartesia_version")
                : headers.first(HeaderNames.create("Cartesia-Version")).orElse(null);
        if (wanted == null || !VERSION.matcher(wanted.strip()).matches()) {
            throw refuse(Status.BAD_REQUEST_400, "version", "A valid Cartesia-Version header is required.");
        }
        wanted = wanted.strip();
        String form;
        String key;
        if (query.contains("api_key")) {
            form = "query";
            key = query.get("api_key");
        } else if (wanted.compareTo(FIRST_BEARER_VERSION) >= 0) {
            form = "bearer";
            String authorization = headers.first(HeaderNames.AUTHORIZATION).orElse("");
            key = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()).strip() : null;
        } else {
            form = "x-api-key";
            key = headers.first(HeaderNames.create("X-API-Key")).orElse(null);
        }
        if (key == null || key.isEmpty()) {
            throw refuse(Status.UNAUTHORIZED_401, "auth-missing:" + form, "No API key provided.");
        }
        if (!key.equals(fake.apiKey())) {
            throw refuse(Status.UNAUTHORIZED_401, "auth-invalid:" + form, "Invalid API key.");
        }
        version = wanted;
        presentedKey = key;
        events.add("auth:" + form + " " + wanted);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        lastActivity = System.nanoTime();
        fake.register(this);
        events.add("connect");
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        lastActivity = System.nanoTime();
        if (closing) {
            events.add("ignored-after-close");
            return;
        }
        if (partial.length() + text.length() > MAX_MESSAGE_CHARS) {
            partial.setLength(0);
            events.add("rejected:too-big");
            locked(() -> session.close(WsCloseCodes.TOO_BIG, "message too large"));
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        String json = partial.toString();
        partial.setLength(0);
        try {
            handle(json);
        } catch (RuntimeException e) {
            // The client is gone while answering; nothing else to do on the reader thread.
            end("send-failed");
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        lastActivity = System.nanoTime();
        events.add("rejected:binary");
        try {
            error(null, 400, "invalid_request", "Invalid message", "Messages must be JSON text.");
        } catch (RuntimeException e) {
            end("send-failed");
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        locked(() -> session.pong(buffer));
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        events.add("closed:" + status);
        end(null);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        end("error");
    }

    /**
     * Closes the socket as Cartesia closes idle ones, if nothing is in flight and no message came
     * for the given time.
     *
     * @param idleNanos how long counts as idle; 0 closes any socket with nothing in flight
     */
    void closeIfIdle(long idleNanos) {
        WsSession current = session;
        if (current == null || closing || !streams.isEmpty() || System.nanoTime() - lastActivity < idleNanos) {
            return;
        }
        closing = true;
        events.add("idle-close");
        try {
            locked(() -> current.close(WsCloseCodes.NORMAL_CLOSE, FakeCartesia.IDLE_REASON));
        } catch (RuntimeException e) {
            end("send-failed");
        }
    }

    /**
     * Cuts the connection without a close frame.
     */
    void drop() {
        WsSession current = session;
        if (current == null) {
            return;
        }
        closing = true;
        events.add("dropped");
        end(null);
        FakeServer.drop(current);
    }

    private void handle(String json) {
        JsonNode message;
        try {
            message = FakeCartesia.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            events.add("rejected:json");
            error(null, 400, "invalid_request", "Invalid JSON", "The message could not be parsed as JSON.");
            return;
        }
        if (message.has("cancel")) {
            cancel(message);
        } else {
            generation(message, json);
        }
    }

    private void cancel(JsonNode message) {
        JsonNode contextId = message.get("context_id");
        if (contextId == null || !contextId.isTextual() || !message.get("cancel").isBoolean()
                || !message.get("cancel").asBoolean()) {
            events.add("rejected:cancel");
            error(null, 400, "invalid_request", "Invalid cancel request",
                  "A cancel request needs a context_id and cancel: true.");
            return;
        }
        events.add("cancel:" + contextId.asText());
        CountDownLatch stream = streams.get(contextId.asText());
        if (stream != null) {
            stream.countDown();
        }
    }

    private void generation(JsonNode message, String json) {
        JsonNode contextNode = message.get("context_id");
        if (contextNode != null && !contextNode.isTextual()) {
            reject(null, "context_id", "context_id must be a string.");
            return;
        }
        String contextId = contextNode == null ? UUID.randomUUID().toString() : contextNode.asText();
        JsonNode model = message.get("model_id");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            reject(contextId, "model_id", "model_id is required.");
            return;
        }
        if (!FakeCartesia.MODELS.contains(model.asText())) {
            reject(contextId, "model", "Model not found.");
            return;
        }
        JsonNode transcript = message.get("transcript");
        if (transcript == null || !transcript.isTextual()) {
            reject(contextId, "transcript", "transcript is required.");
            return;
        }
        String voice = voice(message.get("voice"));
        if (voice == null) {
            reject(contextId, "voice", "Invalid voice specifier.");
            return;
        }
        JsonNode format = message.get("output_format");
        if (format == null || !format.isObject() || !"raw".equals(format.path("container").asText())) {
            reject(contextId, "output_format", "output_format must have container raw on the WebSocket.");
            return;
        }
        String encoding = format.path("encoding").asText("");
        if (!FakeCartesia.ENCODINGS.contains(encoding)) {
            reject(contextId, "encoding", "Unsupported encoding.");
            return;
        }
        JsonNode rate = format.get("sample_rate");
        if (rate == null || !rate.isInt() || !FakeCartesia.SAMPLE_RATES.contains(rate.asInt())) {
            reject(contextId, "sample_rate", "Unsupported sample rate.");
            return;
        }
        JsonNode language = message.get("language");
        if (language != null && (!language.isTextual() || !FakeCartesia.LANGUAGES.contains(language.asText()))) {
            reject(contextId, "language", "Unsupported language.");
            return;
        }
        for (String flag : List.of("continue", "add_timestamps", "add_phoneme_timestamps", "flush")) {
            if (message.has(flag) && !message.get(flag).isBoolean()) {
                reject(contextId, flag, flag + " must be a boolean.");
                return;
            }
        }
        boolean more = message.path("continue").asBoolean(false);
        if (fake.takeCloseOnRequest()) {
            events.add("closed-on-request:" + contextId);
            closing = true;
            WsSession current = session;
            locked(() -> current.close(WsCloseCodes.NORMAL_CLOSE, FakeCartesia.IDLE_REASON));
            return;
        }
        if (streams.containsKey(contextId)) {
            // A continuation: the fake takes the input but does not lengthen the audio it streams.
            events.add("continue:" + contextId);
            return;
        }
        if (transcript.asText().isBlank() && !more) {
            reject(contextId, "transcript", "transcript must not be empty.");
            return;
        }
        if (!fake.startContext()) {
            events.add("rejected:concurrency");
            error(contextId, 429, "concurrency_limited", "Too many concurrent requests",
                  "You have exceeded your plan's concurrency limit.");
            return;
        }
        boolean started = false;
        try {
            fake.recordRequest(json);
            events.add("request:" + contextId + " " + encoding + "_" + rate.asInt() + " model=" + model.asText()
                               + " voice=" + voice + " language=" + (language == null ? "-" : language.asText())
                               + " timestamps=" + message.path("add_timestamps").asBoolean(false));
            FakeBehavior.Failure failure = fake.behavior().takeFailure();
            switch (failure) {
                case UNAUTHORIZED -> {
                    events.add("failure:" + contextId + " " + failure);
                    // Cartesia's messages may echo what they were given; clients must not repeat them.
                    error(contextId, 401, "invalid_api_key", "Invalid API key",
                          "The API key " + presentedKey + " is invalid.");
                }
                case RATE_LIMITED -> {
                    events.add("failure:" + contextId + " " + failure);
                    error(contextId, 429, "concurrency_limited", "Too many concurrent requests",
                          "You have exceeded your plan's concurrency limit.");
                }
                case SERVER_ERROR -> {
                    events.add("failure:" + contextId + " " + failure);
                    error(contextId, 500, "internal_server_error", "Internal server error",
                          "An internal error occurred.");
                }
                default -> {
                    if (failure != FakeBehavior.Failure.NONE) {
                        events.add("failure:" + contextId + " " + failure);
                    }
                    CountDownLatch cancelled = new CountDownLatch(1);
                    streams.put(contextId, cancelled);
                    String words = message.path("add_timestamps").asBoolean(false) ? transcript.asText() : null;
                    Thread.ofVirtual().name("fake-cartesia-" + contextId).start(
                            () -> stream(contextId, encoding, rate.asInt(), words, failure, cancelled));
                    started = true;
                }
            }
        } finally {
            if (!started) {
                fake.endContext();
            }
        }
    }

    private static String voice(JsonNode voice) {
        if (voice == null || !voice.isObject()) {
            return null;
        }
        String mode = voice.path("mode").asText("");
        if (mode.equals("id")) {
            String id = voice.path("id").asText("");
            return VOICE_ID.matcher(id).matches() ? id : null;
        }
        if (mode.equals("embedding") && voice.path("embedding").isArray() && !voice.path("embedding").isEmpty()) {
            return "embedding";
        }
        return null;
    }

    /** Streams one context; runs on its own virtual thread, never interrupted (that would close the socket). */
    private void stream(String contextId, String encoding, int rate, String transcript, FakeBehavior.Failure failure,
                        CountDownLatch cancelled) {
        FakeBehavior behavior = fake.behavior();
        try {
            pause(cancelled, behavior.firstChunkDelay().toNanos());
            if (failure == FakeBehavior.Failure.STALL_BEFORE_AUDIO) {
                hold(cancelled);
                return;
            }
            int chunks = behavior.chunks();
            int chunkMillis = behavior.chunkMillis();
            int perChunk = FakeAudio.samplesPerChunk(rate, chunkMillis);
            List<String> words = transcript == null ? List.of() : List.of(transcript.strip().split("\\s+"));
            int nextWord = 0;
            for (int i = 0; i < chunks; i++) {
                if (i > 0) {
                    pause(cancelled, behavior.chunkInterval().toNanos());
                }
                byte[] audio = CartesiaFakeAudio.samples(encoding, rate, (long) i * perChunk, perChunk);
                ObjectNode chunk = base("chunk", contextId, 206, false);
                chunk.put("data", Base64.getEncoder().encodeToString(audio));
                chunk.put("step_time", 12.5);
                send(chunk.toString());
                if (!words.isEmpty()) {
                    nextWord = timestamps(contextId, words, nextWord, i, chunks, chunkMillis);
                }
                if (i == 0 && failure == FakeBehavior.Failure.STALL_MID_STREAM) {
                    hold(cancelled);
                    return;
                }
                if (i == 0 && failure == FakeBehavior.Failure.DROP_MID_STREAM) {
                    // Cut when the next chunk is due, not in the same breath as this one: the JDK
                    // client can miss an end of stream that arrives packed behind a message.
                    pause(cancelled, behavior.chunkInterval().toNanos());
                    drop();
                    return;
                }
            }
            if (cancelled.getCount() == 0) {
                events.add("stopped:" + contextId);
                return;
            }
            send(base("done", contextId, 206, true).toString());
            events.add("done:" + contextId);
        } catch (InterruptedException e) {
            events.add("stopped:" + contextId);
        } catch (RuntimeException e) {
            end("send-failed");
        } finally {
            streams.remove(contextId);
            fake.endContext();
        }
    }

    /** Sends the words starting within chunk {@code index}, times in seconds from the context's start. */
    private int timestamps(String contextId, List<String> words, int from, int index, int chunks, int chunkMillis) {
        double totalSeconds = chunks * chunkMillis / 1000.0;
        double perWord = totalSeconds / words.size();
        double chunkEnd = (index + 1) * chunkMillis / 1000.0;
        int next = from;
        ObjectNode message = base("timestamps", contextId, 206, false);
        ObjectNode timestamps = message.putObject("word_timestamps");
        ArrayNode text = timestamps.putArray("words");
        ArrayNode start = timestamps.putArray("start");
        ArrayNode end = timestamps.putArray("end");
        while (next < words.size() && (next * perWord < chunkEnd - 1e-9 || index == chunks - 1)) {
            text.add(words.get(next));
            start.add(next * perWord);
            end.add((next + 1) * perWord);
            next++;
        }
        if (!text.isEmpty()) {
            send(message.toString());
        }
        return next;
    }

    /**
     * Waits a scripted delay on the context's cancel latch rather than sleeping, so a cancel ends it.
     *
     * @throws InterruptedException when the context was cancelled (not a real interrupt)
     */
    private static void pause(CountDownLatch cancelled, long nanos) throws InterruptedException {
        if (nanos > 0 ? cancelled.await(nanos, TimeUnit.NANOSECONDS) : cancelled.getCount() == 0) {
            throw new InterruptedException("cancelled");
        }
    }

    private static void hold(CountDownLatch cancelled) throws InterruptedException {
        if (cancelled.await(STALL_HOLD_SECONDS, TimeUnit.SECONDS)) {
            throw new InterruptedException("cancelled");
        }
    }

    private void reject(String contextId, String reason, String detail) {
        events.add("rejected:" + reason);
        error(contextId, 400, "invalid_request", "Invalid request", detail);
    }

    /** Sends an error in the shape of the connection's version. */
    private void error(String contextId, int status, String code, String title, String detail) {
        ObjectNode message = base("error", contextId, status, true);
        if (version != null && version.compareTo(FIRST_STRUCTURED_ERROR_VERSION) >= 0) {
            message.put("error_code", code);
            message.put("title", title);
            message.put("message", detail);
            message.put("request_id", UUID.randomUUID().toString());
        } else {
            message.put("error", title + ": " + detail);
        }
        events.add("error:" + contextId + " " + status);
        send(message.toString());
    }

    private static ObjectNode base(String type, String contextId, int status, boolean done) {
        ObjectNode message = FakeCartesia.MAPPER.createObjectNode();
        message.put("type", type);
        if (contextId != null) {
            message.put("context_id", contextId);
        }
        message.put("status_code", status);
        message.put("done", done);
        return message;
    }

    private void send(String text) {
        WsSession current = session;
        if (current == null || closing) {
            throw new IllegalStateException("socket closing");
        }
        locked(() -> current.send(text, true));
    }

    private void locked(Runnable action) {
        sendLock.lock();
        try {
            action.run();
        } finally {
            sendLock.unlock();
        }
    }

    /** The connection ended: stop every context and forget the socket. */
    private void end(String event) {
        if (event != null && !closing) {
            events.add(event);
        }
        closing = true;
        List<CountDownLatch> running = new ArrayList<>(streams.values());
        for (CountDownLatch stream : running) {
            stream.countDown();
        }
        fake.unregister(this);
    }

    private RequestException refuse(Status status, String reason, String message) {
        events.add("rejected:" + reason);
        return RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(status)
                .message(message)
                .build();
    }
}
