package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * One connection to the fake's multi-context WebSocket. The reader thread only parses and records;
 * each flushed context streams its audio from a virtual thread of its own, and every send goes
 * through one lock, which keeps each context's messages in order.
 */
final class FakeElevenLabsSocket implements WsListener {

    private static final Logger LOGGER = Logger.getLogger(FakeElevenLabsSocket.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Contexts the real service allows per socket. */
    private static final int MAX_CONTEXTS = 5;
    /** The real default and maximum {@code inactivity_timeout}. */
    private static final int DEFAULT_INACTIVITY_SECONDS = 20;
    private static final int MAX_INACTIVITY_SECONDS = 180;
    /** Longest text message reassembled from fragments. */
    private static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    /** Close reasons are limited to 123 bytes by RFC 6455. */
    private static final int MAX_REASON_CHARS = 120;
    private static final String PATH_PREFIX = "/v1/text-to-speech/";

    private final FakeElevenLabs fake;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock state = new ReentrantLock();
    private final Map<String, FakeElevenLabsContext> contexts = new HashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private String voice;
    private String model;
    private String outputFormat;
    private String languageCode;
    private boolean syncAlignment;
    private String headerKey;
    private int inactivitySeconds;
    private volatile WsSession session;
    private volatile boolean dead;
    private boolean authenticated;

    FakeElevenLabsSocket(FakeElevenLabs fake) {
        this.fake = fake;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        String path = prologue.uriPath().path();
        voice = path.substring(PATH_PREFIX.length(), path.indexOf('/', PATH_PREFIX.length()));
        model = prologue.query().first("model_id").orElse(FakeElevenLabs.DEFAULT_MODEL);
        outputFormat = prologue.query().first("output_format").orElse(FakeElevenLabsAudio.DEFAULT_FORMAT);
        String inactivity = prologue.query().first("inactivity_timeout").orElse(null);
        languageCode = prologue.query().first("language_code").orElse(null);
        syncAlignment = Boolean.parseBoolean(prologue.query().first("sync_alignment").orElse("false"));
        if (!FakeElevenLabs.MODELS.contains(model)) {
            refuse("model");
        }
        if (model.startsWith("eleven_v3")) {
            // The real service refuses the upgrade with 403 (livekit/agents#3235).
            refuse("model-not-on-websocket");
        }
        if (!FakeElevenLabsAudio.SOCKET_FORMATS.contains(outputFormat)) {
            refuse("output_format");
        }
        if (!FakeElevenLabsAudio.producible(outputFormat)) {
            refuse("output_format-not-in-fake");
        }
        try {
            inactivitySeconds = inactivity == null ? DEFAULT_INACTIVITY_SECONDS : Integer.parseInt(inactivity);
        } catch (NumberFormatException e) {
            inactivitySeconds = -1;
        }
        if (inactivitySeconds < 1 || inactivitySeconds > MAX_INACTIVITY_SECONDS) {
            refuse("inactivity_timeout");
        }
        headerKey = headers.first(HeaderNames.create(FakeElevenLabs.KEY_HEADER)).orElse(null);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession wsSession) {
        this.session = wsSession;
        fake.opened(this);
        fake.events().add("connect");
        if (syncAlignment) {
            fake.events().add("sync_alignment");
        }
    }

    @Override
    public void onMessage(WsSession wsSession, String text, boolean last) {
        if (partial.length() + text.length() > MAX_MESSAGE_CHARS) {
            fail("message_too_big", "Message too big", WsCloseCodes.TOO_BIG);
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
            LOGGER.log(Level.WARNING, "Fake ElevenLabs failed on a message", e);
            fail("internal_error", "We are sorry, something went wrong.", WsCloseCodes.UNEXPECTED_CONDITION);
        }
    }

    @Override
    public void onMessage(WsSession wsSession, BufferData buffer, boolean last) {
        fail("invalid_input_message", "Could not parse input message, make sure it is a json and follows the schema"
                + " outlined in protocol.", WsCloseCodes.VIOLATED_POLICY);
    }

    @Override
    public void onPing(WsSession wsSession, BufferData buffer) {
        sendLock.lock();
        try {
            wsSession.pong(buffer);
        } catch (RuntimeException e) {
            dead = true;
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void onClose(WsSession wsSession, int status, String reason) {
        fake.events().add("closed:" + status);
        end();
    }

    @Override
    public void onError(WsSession wsSession, Throwable t) {
        end();
    }

    /**
     * Times the socket out when no context is in progress.
     */
    void expireIfIdle() {
        state.lock();
        try {
            if (dead || !contexts.isEmpty()) {
                return;
            }
        } finally {
            state.unlock();
        }
        fake.events().add("expired");
        fail("input_timeout_exceeded", "Have not received a new text input within the timeout of "
                + inactivitySeconds + ".0 seconds. Streaming input terminated. Please make sure to either feed the"
                + " input in the timely manner, or to send the end of input text (empty string \"\") when done.",
             WsCloseCodes.VIOLATED_POLICY);
    }

    /**
     * Cuts the connection without a close frame.
     *
     * @param what recorded as {@code dropped:<what>}
     */
    void drop(String what) {
        drop(what, false);
    }

    /**
     * Cuts the connection without a close frame.
     *
     * @param what        recorded as {@code dropped:<what>}
     * @param fromReader  whether the caller is the connection's reader thread, which the cut
     *                    interrupts: it then happens from another thread, after the reader returns
     */
    private void drop(String what, boolean fromReader) {
        fake.events().add("dropped:" + what);
        dead = true;
        stopAll();
        WsSession current = session;
        if (current == null) {
            return;
        }
        if (fromReader) {
            Thread.ofVirtual().name("fake-elevenlabs-drop").start(() -> cut(current));
        } else {
            cut(current);
        }
    }

    /**
     * Closes the TCP socket itself, then stops the connection's reader. Interrupting the reader
     * alone ({@link FakeServer#drop}) leaves the socket open when the reader is between two reads.
     */
    private static void cut(WsSession current) {
        if (current.socketContext() instanceof ConnectionContext connection) {
            try {
                connection.serverSocket().close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "Fake ElevenLabs could not close the socket itself", e);
            }
        }
        FakeServer.drop(current);
    }

    /**
     * Stops every context's stream.
     */
    void stopAll() {
        state.lock();
        try {
            contexts.values().forEach(c -> c.stop.countDown());
        } finally {
            state.unlock();
        }
    }

    private void end() {
        dead = true;
        List<FakeElevenLabsContext> open;
        state.lock();
        try {
            open = new ArrayList<>(contexts.values());
            contexts.clear();
        } finally {
            state.unlock();
        }
        for (FakeElevenLabsContext c : open) {
            c.stop.countDown();
            fake.events().add("abandoned:" + c.id);
        }
        fake.ended(this);
    }

    private void handle(String text) {
        if (dead) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            fake.events().add("rejected:not-json");
            fail("invalid_input_message", "Could not parse input message, make sure it is a json and follows the"
                    + " schema outlined in protocol.", WsCloseCodes.VIOLATED_POLICY);
            return;
        }
        if (!authenticated) {
            String key = headerKey != null ? headerKey : firstMessageKey(message);
            if (key == null || !key.equals(fake.apiKey())) {
                fake.events().add("rejected:auth");
                fail(key == null ? "missing_api_key" : "invalid_api_key",
                     key == null ? "You must be authenticated to use this endpoint." : "Invalid API key",
                     WsCloseCodes.VIOLATED_POLICY);
                return;
            }
            authenticated = true;
        }
        if (message.path("close_socket").asBoolean(false)) {
            closeSocket();
            return;
        }
        String id = contextIdOf(message);
        boolean startStream = false;
        FakeElevenLabsContext context;
        state.lock();
        try {
            context = contexts.get(id);
            boolean opening = context == null;
            if (opening) {
                if (message.path("close_context").asBoolean(false)) {
                    fake.events().add("close_context:unknown");
                    return;
                }
                context = open(id, message);
                if (context == null) {
                    return;
                }
            } else if (message.has("voice_settings") && !message.get("voice_settings").equals(context.voiceSettings)) {
                failLater("voice_settings_changed", "voice_settings field must be provided in the first message and"
                        + " then either be not provided or not change.");
                return;
            }
            JsonNode textNode = message.get("text");
            if (textNode != null && textNode.isTextual()) {
                String t = textNode.asText();
                if (t.isEmpty()) {
                    // Multi-context: empty text only resets the context's inactivity clock.
                    fake.events().add("keepalive:" + id);
                } else if (!(opening && t.equals(" ")) && !context.closing) {
                    if (!t.endsWith(" ")) {
                        fake.events().add("warning:no-trailing-space:" + id);
                    }
                    fake.events().add("text:" + id);
                    context.buffer.append(t);
                    context.totalChars += t.length();
                    if (context.totalChars > FakeElevenLabs.maxTextLength(model)) {
                        failLater("max_character_limit_exceeded", "This request's text exceeds the character limit"
                                + " of " + FakeElevenLabs.maxTextLength(model) + " characters.");
                        return;
                    }
                }
            }
            if (message.path("flush").asBoolean(false)) {
                fake.events().add("flush:" + id);
                FakeBehavior.Failure later = FakeBehavior.Failure.NONE;
                if (context.flushes > 0 && !context.buffer.isEmpty()) {
                    // A later flush of a context can fail too: the continuation tests script it.
                    later = fake.behavior().takeFailure();
                    if (refuse(later)) {
                        return;
                    }
                }
                if (context.flush(later) && !context.streaming) {
                    context.streaming = true;
                    startStream = true;
                }
            }
            if (message.path("close_context").asBoolean(false)) {
                if (context.closing) {
                    // A context whose input already ended is being closed again: the client
                    // cancels. The real service may finish audio it was told to flush; the fake
                    // stops, so tests can see the cancel take effect.
                    fake.events().add("cancel:" + id);
                    context.stop.countDown();
                    if (!context.streaming) {
                        finish(context);
                    }
                } else {
                    context.closing = true;
                    fake.events().add("close_context:" + id);
                    if (!context.streaming && context.flushed.isEmpty()) {
                        finish(context);
                    }
                }
            }
        } finally {
            state.unlock();
        }
        if (startStream) {
            FakeElevenLabsContext streamed = context;
            Thread.ofVirtual().name("fake-elevenlabs-context").start(() -> stream(streamed));
        }
    }

    /** Opens a context; called under the state lock. */
    private FakeElevenLabsContext open(String id, JsonNode message) {
        if (fake.takeDropNextContext()) {
            drop("context " + id, true);
            return null;
        }
        if (contexts.size() >= MAX_CONTEXTS) {
            failLater("max_active_conversations", "Maximum simultaneous contexts per WebSocket connection exceeded (5)."
                    + " Please close an existing context before opening a new one.");
            return null;
        }
        if (FakeElevenLabs.UNKNOWN_VOICE.equals(voice)) {
            failLater("voice_not_found", "A voice with the voice_id " + voice + " was not found.");
            return null;
        }
        JsonNode settings = message.get("voice_settings");
        String problem = FakeElevenLabsHttp.voiceSettingsProblem(settings);
        if (problem != null) {
            fake.events().add("rejected:voice_settings." + problem);
            failLater("invalid_input_message", "Could not parse input message: invalid voice_settings." + problem);
            return null;
        }
        if (languageCode != null && !FakeElevenLabs.ISO_639_1.matcher(languageCode).matches()) {
            fake.events().add("rejected:language_code");
            failLater("invalid_input_message", "language_code must be an ISO 639-1 code.");
            return null;
        }
        if (languageCode != null && !FakeElevenLabs.LANGUAGE_MODELS.contains(model)) {
            // Undocumented for the socket; the HTTP body's field "returns an error" for these models.
            fake.events().add("rejected:language_code");
            failLater("invalid_input_message", "Model " + model + " does not support language_code.");
            return null;
        }
        FakeBehavior.Failure failure = fake.behavior().takeFailure();
        if (refuse(failure)) {
            return null;
        }
        FakeElevenLabsContext context = new FakeElevenLabsContext(id, settings, failure);
        contexts.put(id, context);
        fake.events().add("request:" + id + ":" + outputFormat + ":" + model);
        if (languageCode != null) {
            fake.events().add("language:" + id + ":" + languageCode);
        }
        if (settings != null && settings.hasNonNull("speed")) {
            fake.events().add("speed:" + id + ":" + settings.get("speed").asDouble());
        }
        return context;
    }

    /**
     * Fails the socket for the failures that refuse a request; called under the state lock.
     *
     * @param failure the scripted failure
     * @return true when the socket is failing; false for NONE and the failures that act while streaming
     */
    private boolean refuse(FakeBehavior.Failure failure) {
        switch (failure) {
            case UNAUTHORIZED -> failLater("invalid_api_key", "Invalid API key");
            case RATE_LIMITED -> failLater("too_many_concurrent_requests", "Too many concurrent requests. Your current"
                    + " subscription is associated with a maximum of 5 concurrent requests (running in parallel).");
            // Internal errors close with 1011 since the 2025-03-31 changelog.
            case SERVER_ERROR -> failLater("internal_error", "We are sorry, something went wrong. You are not charged"
                    + " for this request.", WsCloseCodes.UNEXPECTED_CONDITION);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Streams the context's flushed texts one after the other, on its own thread. */
    private void stream(FakeElevenLabsContext context) {
        try {
            while (true) {
                FakeElevenLabsContext.Flushed next;
                state.lock();
                try {
                    next = context.flushed.poll();
                    if (next == null) {
                        context.streaming = false;
                        if (context.closing) {
                            finish(context);
                        }
                        return;
                    }
                } finally {
                    state.unlock();
                }
                if (!streamText(context, next)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The connection is gone (send failed): nothing to stream to.
            dead = true;
        }
    }

    /**
     * Streams one flush's audio.
     *
     * @return false when the stream stopped (cancel, failure, socket end)
     */
    private boolean streamText(FakeElevenLabsContext context, FakeElevenLabsContext.Flushed flushed)
            throws InterruptedException {
        FakeBehavior behavior = fake.behavior();
        String text = flushed.text();
        if (flushed.failure() == FakeBehavior.Failure.STALL_BEFORE_AUDIO) {
            fake.events().add("stalled:" + context.id);
            context.stop.await(FakeElevenLabs.STALL_CAP.toMillis(), TimeUnit.MILLISECONDS);
            return finishIfCancelled(context);
        }
        if (waitOrStop(context, behavior.firstChunkDelay())) {
            return finishIfCancelled(context);
        }
        int chunks = behavior.chunks();
        int chunkMillis = behavior.chunkMillis();
        int samples = FakeAudio.samplesPerChunk(FakeElevenLabsAudio.rate(outputFormat), chunkMillis);
        for (int i = 0; i < chunks; i++) {
            if (dead || context.stop.getCount() == 0) {
                return finishIfCancelled(context);
            }
            byte[] audio = FakeElevenLabsAudio.chunk(outputFormat, context.samplesSent, samples);
            context.samplesSent += samples;
            send(audioMessage(context.id, audio, FakeElevenLabsAudio.charsOf(text, i, chunks), chunkMillis));
            if (i == 0 && flushed.failure() == FakeBehavior.Failure.STALL_MID_STREAM) {
                fake.events().add("stalled:" + context.id);
                context.stop.await(FakeElevenLabs.STALL_CAP.toMillis(), TimeUnit.MILLISECONDS);
                return finishIfCancelled(context);
            }
            if (i == 0 && flushed.failure() == FakeBehavior.Failure.DROP_MID_STREAM) {
                drop("mid-stream " + context.id);
                return false;
            }
            if (i < chunks - 1 && waitOrStop(context, behavior.chunkInterval())) {
                return finishIfCancelled(context);
            }
        }
        return true;
    }

    /** A cancelled context still gets its final message, as the docs promise for every closed context. */
    private boolean finishIfCancelled(FakeElevenLabsContext context) {
        state.lock();
        try {
            context.streaming = false;
            if (context.closing && !dead) {
                finish(context);
            }
        } finally {
            state.unlock();
        }
        return false;
    }

    /** Sends the context's final message and forgets it; called under the state lock. */
    private void finish(FakeElevenLabsContext context) {
        if (contexts.remove(context.id, context)) {
            fake.events().add("final:" + context.id);
            ObjectNode node = JSON.createObjectNode();
            node.put(fake.asyncApiSpelling() ? "is_final" : "isFinal", true);
            node.put(fake.asyncApiSpelling() ? "context_id" : "contextId", context.id);
            send(node.toString());
        }
    }

    private void closeSocket() {
        List<FakeElevenLabsContext> open;
        state.lock();
        try {
            open = new ArrayList<>(contexts.values());
            for (FakeElevenLabsContext c : open) {
                c.stop.countDown();
                finish(c);
            }
        } finally {
            state.unlock();
        }
        fake.events().add("close_socket");
        close(WsCloseCodes.NORMAL_CLOSE, "");
    }

    private String audioMessage(String id, byte[] audio, List<String> chars, int chunkMillis) {
        boolean asyncApi = fake.asyncApiSpelling();
        ObjectNode node = JSON.createObjectNode();
        node.put("audio", Base64.getEncoder().encodeToString(audio));
        node.put(asyncApi ? "is_final" : "isFinal", false);
        if (chars.isEmpty() || fake.withholdAlignment()) {
            node.putNull("normalizedAlignment");
            node.putNull("alignment");
        } else {
            ObjectNode alignment = JSON.createObjectNode();
            ArrayNode text = alignment.putArray("chars");
            ArrayNode starts = alignment.putArray("charStartTimesMs");
            ArrayNode durations = alignment.putArray(asyncApi ? "charsDurationsMs" : "charDurationsMs");
            for (int i = 0; i < chars.size(); i++) {
                text.add(chars.get(i));
                starts.add(FakeElevenLabsAudio.charStart(i, chars.size(), chunkMillis));
                durations.add(FakeElevenLabsAudio.charDuration(chars.size(), chunkMillis));
            }
            node.set("normalizedAlignment", alignment);
            node.set("alignment", alignment.deepCopy());
        }
        node.put(asyncApi ? "context_id" : "contextId", id);
        return node.toString();
    }

    /** Error frame then close, from a thread other than the reader so the reader returns first. */
    private void failLater(String code, String message) {
        failLater(code, message, WsCloseCodes.VIOLATED_POLICY);
    }

    private void failLater(String code, String message, int closeCode) {
        fake.events().add("error:" + code);
        dead = true;
        Thread.ofVirtual().name("fake-elevenlabs-error").start(() -> fail(code, message, closeCode));
    }

    private void fail(String code, String message, int closeCode) {
        dead = true;
        ObjectNode node = JSON.createObjectNode();
        node.put("message", message);
        node.put("error", code);
        node.put("code", closeCode);
        try {
            send(node.toString());
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "Fake ElevenLabs could not send an error frame", e);
        }
        stopAll();
        close(closeCode, message.length() > MAX_REASON_CHARS ? message.substring(0, MAX_REASON_CHARS) : message);
    }

    private void send(String text) {
        WsSession current = session;
        if (current == null) {
            return;
        }
        sendLock.lock();
        try {
            current.send(text, true);
        } catch (RuntimeException e) {
            dead = true;
            throw e;
        } finally {
            sendLock.unlock();
        }
    }

    private void close(int code, String reason) {
        WsSession current = session;
        if (current == null) {
            return;
        }
        sendLock.lock();
        try {
            current.close(code, reason);
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "Fake ElevenLabs close failed", e);
        } finally {
            sendLock.unlock();
        }
    }

    /** Waits a scripted delay unless the context is stopped first; a latch, so a stop ends it at once. */
    private static boolean waitOrStop(FakeElevenLabsContext context, Duration delay) throws InterruptedException {
        if (delay.isZero() || delay.isNegative()) {
            return context.stop.getCount() == 0;
        }
        return context.stop.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void refuse(String reason) {
        fake.events().add("rejected:" + reason);
        throw RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(Status.FORBIDDEN_403)
                .message(reason)
                .build();
    }

    private static String firstMessageKey(JsonNode message) {
        JsonNode key = message.get("xi_api_key");
        if (key == null || !key.isTextual()) {
            key = message.get("xi-api-key");
        }
        return key != null && key.isTextual() ? key.asText() : null;
    }

    private static String contextIdOf(JsonNode message) {
        JsonNode id = message.get("context_id");
        if (id == null || !id.isTextual()) {
            id = message.get("contextId");
        }
        return id != null && id.isTextual() ? id.asText() : "";
    }
}
