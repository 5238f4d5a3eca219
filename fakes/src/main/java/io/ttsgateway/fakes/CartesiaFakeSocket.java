package io.ttsgateway.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * reader thread and hands each input to its {@link CartesiaFakeContext}, which speaks from a virtual
 * thread of its own; all sends go under one lock (Helidon's {@code WsSession.send} is not
 * thread-safe).
 */
final class CartesiaFakeSocket implements WsListener {

    /** First version authenticating with a bearer token. */
    static final String FIRST_BEARER_VERSION = "2025-04-16";
    /** First version with {@code error_code}/{@code title}/{@code message} errors. */
    static final String FIRST_STRUCTURED_ERROR_VERSION = "2026-03-01";
    /** Largest client message, reassembled from fragments. */
    private static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern VOICE_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final FakeCartesia fake;
    private final FakeEvents events;
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Guards {@link #contexts} and {@link #expired}, so an input never lands on a context expiring at that moment. */
    private final ReentrantLock contextLock = new ReentrantLock();
    private final Map<String, CartesiaFakeContext> contexts = new HashMap<>();
    private final Set<String> expired = new HashSet<>();
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
        if (current == null || closing || inFlight() || System.nanoTime() - lastActivity < idleNanos) {
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
        CartesiaFakeContext context;
        contextLock.lock();
        try {
            context = contexts.get(contextId.asText());
        } finally {
            contextLock.unlock();
        }
        if (context != null) {
            context.cancel();
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
        String speedProblem = speedProblem(message);
        if (speedProblem != null) {
            reject(contextId, "speed", speedProblem);
            return;
        }
        boolean more = message.path("continue").asBoolean(false);
        boolean flush = message.path("flush").asBoolean(false);
        if (fake.takeCloseOnRequest()) {
            events.add("closed-on-request:" + contextId);
            closing = true;
            WsSession current = session;
            locked(() -> current.close(WsCloseCodes.NORMAL_CLOSE, FakeCartesia.IDLE_REASON));
            return;
        }
        String text = transcript.asText();
        contextLock.lock();
        try {
            CartesiaFakeContext context = contexts.get(contextId);
            if (context != null) {
                continueContext(context, message, json, text, more, flush);
                return;
            }
            if (expired.contains(contextId)) {
                refuse(contextId, "expired", "Context has expired; start a new context.");
                return;
            }
        } finally {
            contextLock.unlock();
        }
        if (text.isBlank() && !more) {
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
            fake.recordInput(json);
            events.add("request:" + contextId + " " + encoding + "_" + rate.asInt() + " model=" + model.asText()
                               + " voice=" + voice + " language=" + (language == null ? "-" : language.asText())
                               + " timestamps=" + message.path("add_timestamps").asBoolean(false));
            FakeBehavior.Failure failure = text.isBlank() ? FakeBehavior.Failure.NONE
                    : fake.behavior().takeFailure();
            if (failAtOnce(contextId, failure)) {
                return;
            }
            if (failure != FakeBehavior.Failure.NONE) {
                events.add("failure:" + contextId + " " + failure);
            }
            CartesiaFakeContext context = new CartesiaFakeContext(this, contextId, message, encoding, rate.asInt());
            contextLock.lock();
            try {
                contexts.put(contextId, context);
                context.input(text, more, flush, failure);
            } finally {
                contextLock.unlock();
            }
            context.start();
            started = true;
        } finally {
            if (!started) {
                fake.endContext();
            }
        }
    }

    /** A later input on a live context; called under the context lock. */
    private void continueContext(CartesiaFakeContext context, JsonNode message, String json, String text,
                                 boolean more, boolean flush) {
        if (context.ended()) {
            refuse(context.id(), "ended", "Context has already received its final input.");
            return;
        }
        if (!context.matches(message)) {
            // Cartesia requires every field but transcript, continue and duration to stay as they were.
            reject(context.id(), "fields", "Inputs on a context must keep all fields except transcript, continue "
                    + "and duration the same.");
            return;
        }
        fake.recordInput(json);
        FakeBehavior.Failure failure = text.isBlank() ? FakeBehavior.Failure.NONE : fake.behavior().takeFailure();
        if (failAtOnce(context.id(), failure)) {
            contexts.remove(context.id());
            context.cancel();
            return;
        }
        if (failure != FakeBehavior.Failure.NONE) {
            events.add("failure:" + context.id() + " " + failure);
        }
        context.input(text, more, flush, failure);
    }

    /**
     * Answers a scripted error failure with the error message Cartesia would send.
     *
     * @return true when the failure was an error, which ends the context
     */
    private boolean failAtOnce(String contextId, FakeBehavior.Failure failure) {
        switch (failure) {
            case UNAUTHORIZED -> {
                events.add("failure:" + contextId + " " + failure);
                // Cartesia's messages may echo what they were given; clients must not repeat them.
                error(contextId, 401, "invalid_api_key", "Invalid API key",
                      "The API key " + presentedKey + " is invalid.");
                return true;
            }
            case RATE_LIMITED -> {
                events.add("failure:" + contextId + " " + failure);
                error(contextId, 429, "concurrency_limited", "Too many concurrent requests",
                      "You have exceeded your plan's concurrency limit.");
                return true;
            }
            case SERVER_ERROR -> {
                events.add("failure:" + contextId + " " + failure);
                error(contextId, 500, "internal_server_error", "Internal server error",
                      "An internal error occurred.");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * What is wrong with the speed controls of a request, as the versions document them: top-level
     * {@code speed} {@code slow|normal|fast}; {@code generation_config} speed 0.6-1.5 and volume
     * 0.5-2.0; {@code voice.__experimental_controls.speed} -1.0..1.0 or a natural description.
     *
     * @return the problem, or {@code null}
     */
    private static String speedProblem(JsonNode message) {
        JsonNode speed = message.get("speed");
        if (speed != null && (!speed.isTextual() || !FakeCartesia.MODEL_SPEEDS.contains(speed.asText()))) {
            return "speed must be one of " + FakeCartesia.MODEL_SPEEDS + ".";
        }
        JsonNode config = message.get("generation_config");
        if (config != null) {
            if (!config.isObject()) {
                return "generation_config must be an object.";
            }
            if (outOf(config.get("speed"), FakeCartesia.MIN_CONFIG_SPEED, FakeCartesia.MAX_CONFIG_SPEED)) {
                return "generation_config.speed must be between 0.6 and 1.5.";
            }
            if (outOf(config.get("volume"), FakeCartesia.MIN_CONFIG_VOLUME, FakeCartesia.MAX_CONFIG_VOLUME)) {
                return "generation_config.volume must be between 0.5 and 2.0.";
            }
        }
        JsonNode controls = message.path("voice").get("__experimental_controls");
        if (controls != null) {
            JsonNode controlSpeed = controls.get("speed");
            boolean natural = controlSpeed != null && controlSpeed.isTextual()
                    && FakeCartesia.NATURAL_SPEEDS.contains(controlSpeed.asText());
            if (!controls.isObject() || controlSpeed != null && !natural && outOf(controlSpeed, -1.0, 1.0)) {
                return "__experimental_controls.speed must be between -1.0 and 1.0 or a natural speed.";
            }
        }
        return null;
    }

    private static boolean outOf(JsonNode number, double min, double max) {
        return number != null && (!number.isNumber() || number.asDouble() < min || number.asDouble() > max);
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

    /**
     * The fake this socket belongs to.
     *
     * @return the fake
     */
    FakeCartesia fake() {
        return fake;
    }

    /**
     * Ends a context's life on this socket once its speaker stopped: frees its name and its
     * concurrency slot.
     *
     * @param context   the context
     * @param completed whether it ended with {@code done}
     */
    void forget(CartesiaFakeContext context, boolean completed) {
        contextLock.lock();
        try {
            contexts.remove(context.id(), context);
        } finally {
            contextLock.unlock();
        }
        fake.endContext();
    }

    /**
     * Expires a context waiting for input, unless input arrived meanwhile.
     *
     * @param context the context
     * @return true when it expired
     */
    boolean expire(CartesiaFakeContext context) {
        contextLock.lock();
        try {
            if (!context.idle() || context.ended() || !contexts.remove(context.id(), context)) {
                return false;
            }
            expired.add(context.id());
            return true;
        } finally {
            contextLock.unlock();
        }
    }

    /**
     * Refuses an input with a 400 error, which ends its context ({@code done: true}): a live context
     * of that id stops too.
     */
    private void reject(String contextId, String reason, String detail) {
        refuse(contextId, reason, detail);
        if (contextId != null) {
            CartesiaFakeContext live;
            contextLock.lock();
            try {
                live = contexts.remove(contextId);
            } finally {
                contextLock.unlock();
            }
            if (live != null) {
                live.cancel();
            }
        }
    }

    /** Refuses an input with a 400 error, leaving any live context of that id alone. */
    private void refuse(String contextId, String reason, String detail) {
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

    /**
     * The fields every server message has.
     *
     * @param type      the message type
     * @param contextId its context, or {@code null}
     * @param status    {@code status_code}
     * @param done      {@code done}
     * @return the message, to be completed
     */
    static ObjectNode base(String type, String contextId, int status, boolean done) {
        ObjectNode message = FakeCartesia.MAPPER.createObjectNode();
        message.put("type", type);
        if (contextId != null) {
            message.put("context_id", contextId);
        }
        message.put("status_code", status);
        message.put("done", done);
        return message;
    }

    /**
     * Sends a message under the socket's send lock.
     *
     * @param text the JSON text
     * @throws IllegalStateException when the socket is closing
     */
    void send(String text) {
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

    /**
     * The connection ended: stop every context and forget the socket.
     *
     * @param event what to record, or {@code null}
     */
    void end(String event) {
        if (event != null && !closing) {
            events.add(event);
        }
        closing = true;
        List<CartesiaFakeContext> running;
        contextLock.lock();
        try {
            running = new ArrayList<>(contexts.values());
        } finally {
            contextLock.unlock();
        }
        for (CartesiaFakeContext context : running) {
            context.cancel();
        }
        fake.unregister(this);
    }

    private boolean inFlight() {
        contextLock.lock();
        try {
            return !contexts.isEmpty();
        } finally {
            contextLock.unlock();
        }
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
