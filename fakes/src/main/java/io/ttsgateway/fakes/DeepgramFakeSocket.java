package io.ttsgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * One socket of {@link FakeDeepgram}. The Helidon reader thread only parses and queues; audio is
 * sent by a worker virtual thread, one request after another as Deepgram does, and an idle watchdog
 * closes silent sockets. Every send, close and pong goes through one lock, which keeps a
 * message's frames and the close in order.
 */
final class DeepgramFakeSocket implements WsListener {

    private static final HeaderName DG_ERROR = HeaderNames.create("dg-error");
    private static final HeaderName DG_REQUEST_ID = HeaderNames.create("dg-request-id");
    private static final HeaderName SUBPROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");
    private static final Pattern MODEL = Pattern.compile("aura-(2-)?[a-z]+-[a-z]{2}");
    private static final Set<Integer> LINEAR16_RATES = Set.of(8000, 16000, 24000, 32000, 44100, 48000);
    private static final Set<Integer> G711_RATES = Set.of(8000, 16000);
    /** Largest text message reassembled from fragments before closing with BIG-0000. */
    private static final int MAX_MESSAGE_CHARS = 64 * 1024;
    /** Longest a scripted stall lasts; a cancel or the socket's end stops it sooner. */
    private static final Duration MAX_STALL = Duration.ofMinutes(2);
    /** How often an idle watchdog with the timeout disabled looks again. */
    private static final Duration WATCHDOG_RECHECK = Duration.ofSeconds(1);

    private final FakeDeepgram fake;
    private final int id;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition changed = stateLock.newCondition();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private final ArrayDeque<Long> flushTimes = new ArrayDeque<>();
    /** Arrival time and length of each Speak in the window; touched by the reader thread only. */
    private final ArrayDeque<long[]> spoken = new ArrayDeque<>();
    private long spokenChars;
    // Touched by the reader thread only.
    private final StringBuilder partial = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private long sequence;
    private int served;
    // Touched by the audio worker only: where the next flush's tone starts with continuous audio.
    private long nextSample;
    // Fixed by the handshake.
    private String model;
    private String encoding;
    private int sampleRate;
    private String speed;
    private volatile WsSession session;
    // Guarded by stateLock.
    private int generation;
    private boolean stopped;
    private boolean busy;
    private long lastActivity = System.nanoTime();
    // Guarded by sendLock.
    private boolean closeSent;

    /**
     * One {@code Flush} to answer, or the {@code Close} that ends the socket after the rest. The
     * scripted failure is taken when the flush arrives, so it belongs to that request even when the
     * request is cleared before the worker gets to it.
     */
    private record Job(long sequence, int chars, int generation, boolean close, FakeBehavior.Failure failure) {
    }

    /**
     * Creates the listener of one connection; Helidon makes one per upgrade request.
     *
     * @param fake the fake it belongs to
     */
    DeepgramFakeSocket(FakeDeepgram fake) {
        this.fake = fake;
        this.id = fake.nextId();
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        String subprotocol = authenticate(headers);
        UriQuery query = prologue.query();
        if (query.rawValue() != null && query.rawValue().contains(fake.apiKey())) {
            fake.events().add("key-in-url:#" + id);
        }
        // The others are for the request, not the handshake, and stay scripted for it.
        switch (fake.behavior().takeFailureIf(FakeBehavior.Failure::failsList)) {
            case UNAUTHORIZED -> reject(401, "INVALID_AUTH", "Invalid credentials.", "failure:handshake 401");
            case RATE_LIMITED -> reject(429, "Too Many Requests", "Please try again later.", "failure:handshake 429");
            case SERVER_ERROR -> reject(500, "INTERNAL_SERVER_ERROR", "Internal server error.", "failure:handshake 500");
            default -> {
            }
        }
        model = param(query, "model", "aura-asteria-en");
        if (!MODEL.matcher(model).matches()) {
            reject(400, "Bad Request", "Bad Request: No such model/version combination found.", "rejected:model");
        }
        encoding = param(query, "encoding", "linear16");
        boolean linear = encoding.equals("linear16");
        if (!linear && !encoding.equals("mulaw") && !encoding.equals("alaw")) {
            reject(400, "INVALID_QUERY_PARAMETER", "Unsupported audio format: encoding", "rejected:encoding");
        }
        try {
            sampleRate = Integer.parseInt(param(query, "sample_rate", linear ? "24000" : "8000"));
        } catch (NumberFormatException e) {
            sampleRate = -1;
        }
        if (!(linear ? LINEAR16_RATES : G711_RATES).contains(sampleRate)) {
            reject(400, "INVALID_QUERY_PARAMETER", "Unsupported audio format: sample_rate", "rejected:sample_rate");
        }
        if (!param(query, "container", "none").equals("none")) {
            reject(400, "INVALID_QUERY_PARAMETER", "Unsupported audio format: container", "rejected:container");
        }
        if (query.contains("speed")) {
            speed = query.get("speed");
            try {
                Double.parseDouble(speed);
            } catch (NumberFormatException e) {
                reject(400, "INVALID_QUERY_PARAMETER", "Failed to deserialize query parameters: speed",
                       "rejected:speed");
            }
        }
        WritableHeaders<?> answer = WritableHeaders.create();
        answer.set(DG_REQUEST_ID, UUID.randomUUID().toString());
        if (subprotocol != null) {
            answer.set(SUBPROTOCOL, subprotocol);
        }
        return Optional.of(answer);
    }

    @Override
    public void onOpen(WsSession opened) {
        session = opened;
        fake.opened(this);
        fake.events().add("connect:#" + id + " model=" + model + " encoding=" + encoding + " sample_rate=" + sampleRate
                + (speed == null ? "" : " speed=" + speed));
        ObjectNode metadata = fake.json().createObjectNode()
                .put("type", "Metadata")
                .put("request_id", UUID.randomUUID().toString())
                .put("model_name", model)
                .put("model_version", "2025-04-01.0")
                .put("model_uuid", UUID.nameUUIDFromBytes(model.getBytes(StandardCharsets.UTF_8)).toString());
        metadata.putArray("additional_model_uuids");
        sendText(metadata.toString());
        Thread.ofVirtual().name("fake-deepgram-" + id + "-audio").start(this::work);
        Thread.ofVirtual().name("fake-deepgram-" + id + "-idle").start(this::watchIdle);
    }

    @Override
    public void onMessage(WsSession ignored, String fragment, boolean last) {
        touch();
        if (partial.length() + fragment.length() > MAX_MESSAGE_CHARS) {
            closeWith(1009, "BIG-0000", "rejected:big");
            return;
        }
        partial.append(fragment);
        if (!last) {
            return;
        }
        String message = partial.toString();
        partial.setLength(0);
        JsonNode node;
        try {
            node = fake.json().readTree(message);
        } catch (JsonProcessingException e) {
            node = null;
        }
        String type = node != null && node.path("type").isTextual() ? node.get("type").asText() : "";
        switch (type) {
            case "Speak" -> speak(node);
            case "Flush" -> flush();
            case "Clear" -> clear();
            case "Close" -> {
                fake.events().add("close:#" + id);
                enqueue(new Job(sequence, 0, currentGeneration(), true, FakeBehavior.Failure.NONE));
            }
            default -> closeWith(1008, "DATA-0000", "rejected:data");
        }
    }

    @Override
    public void onMessage(WsSession ignored, BufferData buffer, boolean last) {
        closeWith(1003, "MESSAGE-0000", "rejected:binary");
    }

    @Override
    public void onPing(WsSession ignored, BufferData buffer) {
        touch();
        fake.events().add("ping:#" + id);
        sendLock.lock();
        try {
            if (!closeSent) {
                session.pong(buffer);
            }
        } catch (RuntimeException e) {
            stop();
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void onClose(WsSession ignored, int status, String reason) {
        fake.events().add("disconnect:#" + id + " " + status);
        stop();
    }

    @Override
    public void onError(WsSession ignored, Throwable t) {
        stop();
    }

    /** Cuts the connection without a close frame. */
    void drop() {
        fake.events().add("dropped:#" + id);
        stop();
        WsSession current = session;
        if (current != null) {
            FakeServer.drop(current);
        }
    }

    /** Ends the worker and the watchdog. */
    void stop() {
        stateLock.lock();
        try {
            stopped = true;
            jobs.clear();
            changed.signalAll();
        } finally {
            stateLock.unlock();
        }
        fake.ended(this);
    }

    private String authenticate(Headers headers) {
        String expected = fake.apiKey();
        Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String[] parts = authorization.get().strip().split("\\s+", 2);
            if (parts.length == 2 && parts[0].equalsIgnoreCase("token") && parts[1].equals(expected)) {
                return null;
            }
            reject(401, "INVALID_AUTH", "Invalid credentials.", "rejected:auth");
        }
        // Browsers cannot set headers: "Sec-WebSocket-Protocol: token, <key>", answered with "token".
        List<String> offered = headers.values(SUBPROTOCOL).stream()
                .flatMap(v -> List.of(v.split(",")).stream()).map(String::strip).toList();
        if (offered.size() == 2 && offered.get(0).equalsIgnoreCase("token") && offered.get(1).equals(expected)) {
            return "token";
        }
        reject(401, "INVALID_AUTH", "Invalid credentials.", "rejected:auth");
        return null;
    }

    private void reject(int status, String code, String message, String event) {
        fake.events().add(event);
        String requestId = UUID.randomUUID().toString();
        ObjectNode body = fake.json().createObjectNode()
                .put("err_code", code)
                .put("err_msg", message)
                .put("request_id", requestId);
        throw RequestException.builder()
                .type(DirectHandler.EventType.OTHER)
                .status(Status.create(status))
                .header(HeaderValues.create(DG_ERROR, message))
                .header(HeaderValues.create(DG_REQUEST_ID, requestId))
                .message(body.toString())
                .build();
    }

    private static String param(UriQuery query, String name, String fallback) {
        return query.contains(name) ? query.get(name).strip().toLowerCase(Locale.ROOT) : fallback;
    }

    private void speak(JsonNode node) {
        JsonNode value = node.path("text");
        if (!value.isTextual()) {
            closeWith(1008, "DATA-0000", "rejected:data");
            return;
        }
        String piece = value.asText();
        if (piece.length() > FakeDeepgram.MAX_SPEAK_CHARS) {
            closeWith(1009, "BIG-0001", "rejected:big");
            return;
        }
        long now = System.nanoTime();
        while (!spoken.isEmpty() && now - spoken.peekFirst()[0] > FakeDeepgram.FLUSH_WINDOW.toNanos()) {
            spokenChars -= spoken.pollFirst()[1];
        }
        if (spokenChars + piece.length() > fake.charLimit()) {
            closeWith(1008, "DATA-0001", "rejected:throughput");
            return;
        }
        spoken.addLast(new long[] {now, piece.length()});
        spokenChars += piece.length();
        fake.events().add("speak:#" + id + " chars=" + piece.length());
        text.append(piece);
    }

    private void flush() {
        long now = System.nanoTime();
        while (!flushTimes.isEmpty() && now - flushTimes.peekFirst() > FakeDeepgram.FLUSH_WINDOW.toNanos()) {
            flushTimes.pollFirst();
        }
        if (flushTimes.size() >= fake.flushLimit()) {
            fake.events().add("warning:#" + id + " EXCESSIVE_FLUSH");
            sendText(fake.json().createObjectNode()
                             .put("type", "Warning")
                             .put("warn_code", "EXCESSIVE_FLUSH")
                             .put("warn_msg", "Rate limit exceeded for flushes. Please try again later.")
                             .toString());
            return;
        }
        flushTimes.addLast(now);
        long seq = sequence++;
        int chars = text.length();
        text.setLength(0);
        fake.events().add("request:#" + id + " seq=" + seq + " chars=" + chars);
        if (served++ > 0 && fake.takeDropReused()) {
            drop();
            return;
        }
        // An open socket is never refused; the refusal waits for the next handshake.
        FakeBehavior.Failure failure = fake.behavior().takeFailureIf(f -> f != FakeBehavior.Failure.UNAUTHORIZED);
        enqueue(new Job(seq, chars, currentGeneration(), false, failure));
    }

    private void clear() {
        long seq = sequence++;
        text.setLength(0);
        fake.events().add("cancel:#" + id + " seq=" + seq);
        sendLock.lock();
        try {
            stateLock.lock();
            try {
                // Under the send lock: no audio of the cleared requests can follow Cleared.
                generation++;
                jobs.removeIf(job -> !job.close());
                changed.signalAll();
            } finally {
                stateLock.unlock();
            }
            sendLocked(fake.json().createObjectNode().put("type", "Cleared").put("sequence_id", seq).toString());
        } finally {
            sendLock.unlock();
        }
    }

    private void enqueue(Job job) {
        stateLock.lock();
        try {
            jobs.addLast(job);
            changed.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    private void work() {
        while (true) {
            Job job;
            stateLock.lock();
            try {
                while (jobs.isEmpty() && !stopped) {
                    changed.await();
                }
                if (stopped) {
                    return;
                }
                job = jobs.pollFirst();
                busy = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                stateLock.unlock();
            }
            try {
                if (job.close()) {
                    closeWith(1000, "", null);
                    return;
                }
                answer(job);
            } finally {
                stateLock.lock();
                try {
                    busy = false;
                    lastActivity = System.nanoTime();
                    // The watchdog waits while a request is answered; its idle clock starts now.
                    changed.signalAll();
                } finally {
                    stateLock.unlock();
                }
            }
        }
    }

    private void answer(Job job) {
        FakeBehavior.Failure failure = job.failure();
        if (failure != FakeBehavior.Failure.NONE) {
            fake.events().add("failure:#" + id + " " + failure);
        }
        switch (failure) {
            case RATE_LIMITED -> {
                closeWith(1008, "DATA-0001", null);
                return;
            }
            case SERVER_ERROR -> {
                closeWith(1011, "NET-0000", null);
                return;
            }
            case STALL_BEFORE_AUDIO -> {
                pause(job, MAX_STALL);
                return;
            }
            default -> {
            }
        }
        FakeBehavior behavior = fake.behavior();
        if (job.chars() > 0) {
            int samples = FakeAudio.samplesPerChunk(sampleRate, behavior.chunkMillis());
            int chunks = behavior.chunks();
            long first = fake.continuousAudio() ? nextSample : 0;
            for (int i = 0; i < chunks; i++) {
                if (!pause(job, i == 0 ? behavior.firstChunkDelay() : behavior.chunkInterval())) {
                    return;
                }
                if (!sendIfCurrent(job, audio(first + (long) i * samples, samples))) {
                    return;
                }
                nextSample = first + (long) (i + 1) * samples;
                if (failure == FakeBehavior.Failure.STALL_MID_STREAM) {
                    pause(job, MAX_STALL);
                    return;
                }
                if (failure == FakeBehavior.Failure.DROP_MID_STREAM) {
                    drop();
                    return;
                }
            }
        }
        String flushed = fake.json().createObjectNode().put("type", "Flushed").put("sequence_id", job.sequence())
                .toString();
        sendLock.lock();
        try {
            if (isCurrent(job) && sendLocked(flushed)) {
                fake.events().add("flushed:#" + id + " seq=" + job.sequence());
            }
        } finally {
            sendLock.unlock();
        }
    }

    private byte[] audio(long first, int count) {
        return switch (encoding) {
            case "mulaw" -> FakeAudio.muLaw(sampleRate, first, count);
            case "alaw" -> {
                byte[] pcm = FakeAudio.pcm(sampleRate, first, count);
                byte[] out = new byte[count];
                for (int i = 0; i < count; i++) {
                    out[i] = aLaw((short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)));
                }
                yield out;
            }
            default -> FakeAudio.pcm(sampleRate, first, count);
        };
    }

    /** Waits a scripted delay; false when the job was cleared or the socket ended meanwhile. */
    private boolean pause(Job job, Duration delay) {
        long remaining = delay.toNanos();
        stateLock.lock();
        try {
            while (!stopped && generation == job.generation() && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return !stopped && generation == job.generation();
        } catch (InterruptedException e) {
            return false;
        } finally {
            stateLock.unlock();
        }
    }

    private boolean sendIfCurrent(Job job, byte[] audio) {
        sendLock.lock();
        try {
            if (!isCurrent(job) || closeSent) {
                return false;
            }
            session.send(BufferData.create(audio), true);
            return true;
        } catch (RuntimeException e) {
            // The client went away without a close frame.
            stop();
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    private boolean isCurrent(Job job) {
        stateLock.lock();
        try {
            return !stopped && generation == job.generation();
        } finally {
            stateLock.unlock();
        }
    }

    private int currentGeneration() {
        stateLock.lock();
        try {
            return generation;
        } finally {
            stateLock.unlock();
        }
    }

    private void touch() {
        stateLock.lock();
        try {
            lastActivity = System.nanoTime();
        } finally {
            stateLock.unlock();
        }
    }

    private void watchIdle() {
        stateLock.lock();
        try {
            while (!stopped) {
                Duration timeout = fake.idleTimeout();
                if (timeout.isZero() || busy || !jobs.isEmpty()) {
                    changed.await(WATCHDOG_RECHECK.toNanos(), TimeUnit.NANOSECONDS);
                    continue;
                }
                long remaining = lastActivity + timeout.toNanos() - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(Math.min(remaining, WATCHDOG_RECHECK.toNanos()));
            }
            if (stopped) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        } finally {
            stateLock.unlock();
        }
        closeWith(1011, "NET-0001", "idle-timeout:#" + id);
    }

    private void sendText(String message) {
        sendLock.lock();
        try {
            sendLocked(message);
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends with the send lock held; false when the socket is closing or gone. */
    private boolean sendLocked(String message) {
        if (closeSent) {
            return false;
        }
        try {
            session.send(message, true);
            return true;
        } catch (RuntimeException e) {
            stop();
            return false;
        }
    }

    /** Closes with a code and reason, as Deepgram reports fatal errors; the client answers the close. */
    private void closeWith(int code, String reason, String event) {
        if (event != null) {
            fake.events().add(event);
        }
        sendLock.lock();
        try {
            if (closeSent) {
                return;
            }
            closeSent = true;
            fake.events().add("server-close:#" + id + " " + code + (reason.isEmpty() ? "" : " " + reason));
            session.close(code, reason);
        } catch (RuntimeException e) {
            // Already gone.
        } finally {
            sendLock.unlock();
        }
        stop();
    }

    /** G.711 A-law of a 16-bit sample (the ITU reference algorithm, as in Sun's g711.c). */
    private static byte aLaw(short sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = 0;
        for (int end = 0x1F; segment < 8 && pcm > end; end = (end << 1) | 1) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int value = segment << 4;
        value |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte) (value ^ mask);
    }
}
