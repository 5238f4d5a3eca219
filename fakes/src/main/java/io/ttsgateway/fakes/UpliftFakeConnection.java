package io.ttsgateway.fakes;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * One client connection of {@link FakeUplift}. Helidon calls it on the connection's single reader
 * thread, so it only parses and answers there; every request streams from its own virtual thread,
 * and all sends go through one lock, which keeps each request's events in order.
 */
final class UpliftFakeConnection implements WsListener {

    private static final Logger LOGGER = Logger.getLogger(UpliftFakeConnection.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest client message reassembled; a synthesize message is at most about 40 KB. */
    private static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    private static final long RATE_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How long a scripted stall holds a request before the fake gives up on it. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(2);
    private static final int WAV_HEADER_BYTES = 44;

    private final FakeUplift fake;
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Requests streaming now, each with the latch that stops it. */
    private final Map<String, CountDownLatch> streaming = new ConcurrentHashMap<>();
    // Touched only by the reader thread.
    private final StringBuilder partial = new StringBuilder();
    private final Set<String> usedIds = new HashSet<>();
    private final ArrayDeque<Long> recentRequests = new ArrayDeque<>();
    private volatile WsSession session;
    private volatile boolean open;
    private int number;

    UpliftFakeConnection(FakeUplift fake) {
        this.fake = fake;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        String expected = "Bearer " + fake.apiKey();
        String actual = headers.first(HeaderNames.AUTHORIZATION).orElse(null);
        if (!expected.equals(actual)) {
            fake.events().add("rejected:" + (actual == null ? "missing_key" : "auth"));
            throw RequestException.builder()
                    .type(DirectHandler.EventType.OTHER)
                    .status(Status.UNAUTHORIZED_401)
                    .message("Unauthorized")
                    .build();
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        this.open = true;
        this.number = fake.opened(this);
        ObjectNode ready = JSON.createObjectNode().put("type", "ready").put("sessionId", "session_" + number);
        send(ready);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (partial.length() + text.length() > MAX_MESSAGE_CHARS) {
            fake.events().add("rejected:too_big");
            partial.setLength(0);
            close(WsCloseCodes.TOO_BIG, "Message too big");
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        String message = partial.toString();
        partial.setLength(0);
        try {
            handle(message);
        } catch (RuntimeException e) {
            // An exception escaping a callback makes Helidon close the connection with 1011.
            LOGGER.log(Level.WARNING, "Fake Uplift failed on a message", e);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        fake.events().add("rejected:binary");
        sendError(null, "invalid_message", "Binary messages are not supported");
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        // Helidon answers no ping itself.
        sendLock.lock();
        try {
            session.pong(buffer);
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "Fake Uplift could not answer a ping", e);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        fake.events().add("closed:" + status);
        ended();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        fake.events().add("closed:error");
        ended();
    }

    /** Cuts the connection without a close frame. */
    void drop() {
        WsSession current = session;
        if (current != null && open) {
            fake.events().add("dropped");
            ended();
            // The TCP socket is closed at once; FakeServer.drop alone interrupts the connection's
            // reader and leaves the closing to it.
            if (current.socketContext() instanceof ConnectionContext context) {
                try {
                    context.serverSocket().close();
                } catch (RuntimeException e) {
                    LOGGER.log(Level.FINE, "Fake Uplift could not close the socket", e);
                }
            }
            FakeServer.drop(current);
        }
    }

    /** Stops every stream of this connection. */
    void stopAll() {
        streaming.values().forEach(CountDownLatch::countDown);
    }

    /**
     * Sends an error message.
     *
     * @param requestId the request it concerns, or {@code null} for the connection
     * @param code      the error code
     * @param message   the human-readable message
     */
    void sendError(String requestId, String code, String message) {
        ObjectNode error = JSON.createObjectNode().put("type", "error");
        if (requestId != null) {
            error.put("requestId", requestId);
        }
        error.put("code", code).put("message", message);
        send(error);
    }

    private void ended() {
        open = false;
        stopAll();
        fake.closed(this);
    }

    private void handle(String message) {
        JsonNode json;
        try {
            json = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            fake.events().add("rejected:json");
            sendError(null, "invalid_message", "Invalid JSON");
            return;
        }
        String type = json != null && json.path("type").isTextual() ? json.get("type").asText() : null;
        if ("synthesize".equals(type)) {
            synthesize(json);
        } else if ("cancel".equals(type)) {
            cancel(json);
        } else {
            fake.events().add("rejected:type");
            sendError(textOrNull(json, "requestId"), "invalid_message", "Unknown message type");
        }
    }

    private void synthesize(JsonNode json) {
        String requestId = textOrNull(json, "requestId");
        if (requestId == null || requestId.isBlank()) {
            reject(null, "requestId", "invalid_request", "requestId is required");
            return;
        }
        String text = textOrNull(json, "text");
        if (text == null || text.isBlank()) {
            reject(requestId, "text", "invalid_request", "text is required");
            return;
        }
        if (text.length() > FakeUplift.MAX_TEXT_LENGTH) {
            reject(requestId, "text_too_long", "text_too_long",
                   "Text exceeds maximum length of " + FakeUplift.MAX_TEXT_LENGTH + " characters");
            return;
        }
        String voiceId = textOrNull(json, "voiceId");
        if (voiceId == null || voiceId.isBlank()) {
            reject(requestId, "voiceId", "invalid_request", "voiceId is required");
            return;
        }
        JsonNode formatNode = json.get("outputFormat");
        String outputFormat = null;
        if (formatNode != null && !formatNode.isNull()) {
            outputFormat = formatNode.isTextual() ? formatNode.asText() : "";
            if (!FakeUplift.OUTPUT_FORMATS.contains(outputFormat)) {
                reject(requestId, "outputFormat", "invalid_request", "Unsupported output format");
                return;
            }
            if (!FakeUplift.SIMULATED_FORMATS.contains(outputFormat)) {
                reject(requestId, "unsimulated_format", "invalid_request", "Format not simulated by the fake");
                return;
            }
        }
        JsonNode speedNode = json.get("speed");
        Double speed = null;
        if (speedNode != null && !speedNode.isNull()) {
            if (!speedNode.isNumber() || speedNode.asDouble() < FakeUplift.MIN_SPEED
                    || speedNode.asDouble() > FakeUplift.MAX_SPEED) {
                reject(requestId, "speed", "invalid_request", "speed must be between 0.5 and 2.0");
                return;
            }
            speed = speedNode.asDouble();
        }
        if (usedIds.contains(requestId)) {
            reject(requestId, "duplicate_request", "duplicate_request", "Request ID already used");
            return;
        }
        long now = System.nanoTime();
        while (!recentRequests.isEmpty() && now - recentRequests.peekFirst() > RATE_WINDOW_NANOS) {
            recentRequests.pollFirst();
        }
        if (recentRequests.size() >= FakeUplift.REQUESTS_PER_MINUTE) {
            reject(requestId, "rate_limit", "rate_limit_exceeded", "Too many requests");
            return;
        }
        recentRequests.addLast(now);
        usedIds.add(requestId);
        UpliftFakeRequest request = new UpliftFakeRequest(number, requestId, text, voiceId, outputFormat, speed);
        fake.accepted(request);
        FakeBehavior.Failure failure = fake.behavior().takeFailure();
        boolean dropFirst = fake.takeDropBeforeAudio();
        boolean skip = fake.takeSkipSequence();
        CountDownLatch stop = new CountDownLatch(1);
        streaming.put(requestId, stop);
        Thread.ofVirtual().name("fake-uplift-" + requestId).start(() -> {
            try {
                stream(request, failure, dropFirst, skip, stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (UncheckedIOException | IllegalStateException e) {
                // The client went away mid-send.
                fake.events().add("stopped:" + requestId);
            } finally {
                streaming.remove(requestId, stop);
            }
        });
    }

    private void cancel(JsonNode json) {
        String requestId = textOrNull(json, "requestId");
        if (requestId == null || requestId.isBlank()) {
            reject(null, "requestId", "invalid_request", "requestId is required");
            return;
        }
        fake.events().add("cancel:" + requestId);
        CountDownLatch stop = streaming.get(requestId);
        if (stop != null) {
            stop.countDown();
        }
    }

    private void stream(UpliftFakeRequest request, FakeBehavior.Failure failure, boolean dropFirst, boolean skip,
                        CountDownLatch stop) throws InterruptedException {
        String id = request.requestId();
        if (dropFirst) {
            drop();
            return;
        }
        switch (failure) {
            case UNAUTHORIZED -> {
                sendError(id, "auth_failed", "Invalid API key");
                return;
            }
            case RATE_LIMITED -> {
                sendError(id, "rate_limit_exceeded", "Too many requests");
                return;
            }
            case SERVER_ERROR -> {
                sendError(id, "synthesis_failed", "Internal error");
                return;
            }
            case STALL_BEFORE_AUDIO -> {
                // Accepted, then silence until the client cancels or leaves.
                if (stop.await(STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    fake.events().add("stopped:" + id);
                }
                return;
            }
            default -> {
            }
        }
        if (!FakeUplift.VOICES.contains(request.voiceId())) {
            // Observed on the live service: an unknown voice gets neither audio nor an error.
            return;
        }
        FakeBehavior behavior = fake.behavior();
        if (waitOrStop(stop, behavior.firstChunkDelay(), id)) {
            return;
        }
        send(JSON.createObjectNode().put("type", "audio_start").put("requestId", id)
                     .put("timestamp", System.currentTimeMillis()));
        String format = request.outputFormat() == null ? FakeUplift.DEFAULT_OUTPUT_FORMAT : request.outputFormat();
        int chunks = behavior.chunks();
        int sequence = 0;
        for (int i = 0; i < chunks; i++) {
            if (i > 0 && waitOrStop(stop, behavior.chunkInterval(), id)) {
                return;
            }
            byte[] audio = chunk(format, i, behavior.chunkMillis());
            send(JSON.createObjectNode().put("type", "audio").put("requestId", id)
                         .put("audio", Base64.getEncoder().encodeToString(audio)).put("sequence", sequence));
            sequence += skip && i == 0 ? 2 : 1;
            if (i == 0 && failure == FakeBehavior.Failure.STALL_MID_STREAM) {
                if (stop.await(STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    fake.events().add("stopped:" + id);
                }
                return;
            }
            if (i == 0 && failure == FakeBehavior.Failure.DROP_MID_STREAM) {
                drop();
                return;
            }
        }
        send(JSON.createObjectNode().put("type", "audio_end").put("requestId", id)
                     .put("timestamp", System.currentTimeMillis()));
        fake.events().add("done:" + id);
    }

    /** Waits a scripted delay; true when the request was stopped meanwhile. */
    private boolean waitOrStop(CountDownLatch stop, Duration delay, String id) throws InterruptedException {
        // A latch, not a sleep or an interrupt: interrupting a virtual thread blocked in a socket
        // write would close the socket, and with it every other request of the connection.
        boolean stopped = delay.isZero() || delay.isNegative() ? stop.getCount() == 0
                : stop.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        if (stopped || !open) {
            fake.events().add("stopped:" + id);
            return true;
        }
        return false;
    }

    private static byte[] chunk(String format, int index, int chunkMillis) {
        return switch (format) {
            case "ULAW_8000_8" -> {
                int samples = FakeAudio.samplesPerChunk(8000, chunkMillis);
                yield FakeAudio.muLaw(8000, (long) index * samples, samples);
            }
            case "WAV_22050_16" -> {
                int samples = FakeAudio.samplesPerChunk(22050, chunkMillis);
                byte[] pcm = FakeAudio.pcm(22050, (long) index * samples, samples);
                yield index == 0 ? withWavHeader(pcm) : pcm;
            }
            default -> {
                int samples = FakeAudio.samplesPerChunk(22050, chunkMillis);
                yield FakeAudio.pcm(22050, (long) index * samples, samples);
            }
        };
    }

    /** A streaming WAV header: sizes unknown, so set to the maximum as streaming servers do. */
    private static byte[] withWavHeader(byte[] pcm) {
        ByteBuffer header = ByteBuffer.allocate(WAV_HEADER_BYTES + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(22050).putInt(22050 * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1)
                .put(pcm);
        return header.array();
    }

    private void reject(String requestId, String reason, String code, String message) {
        fake.events().add("rejected:" + reason);
        sendError(requestId, code, message);
    }

    private void send(ObjectNode message) {
        WsSession current = session;
        if (current == null || !open) {
            return;
        }
        String text = message.toString();
        sendLock.lock();
        try {
            current.send(text, true);
        } finally {
            sendLock.unlock();
        }
    }

    private void close(int code, String reason) {
        WsSession current = session;
        sendLock.lock();
        try {
            if (current != null) {
                current.close(code, reason);
            }
        } finally {
            sendLock.unlock();
        }
    }

    private static String textOrNull(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
