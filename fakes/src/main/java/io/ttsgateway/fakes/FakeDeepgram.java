package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.websocket.WsRouting;

/**
 * A fake Deepgram Aura streaming endpoint, {@code /v1/speak}, written from Deepgram's AsyncAPI and
 * documentation.
 *
 * <p>What it checks, like the real API: the key ({@code Authorization: Token <key>}, or the browser
 * form {@code Sec-WebSocket-Protocol: token, <key>}), else HTTP 401 with {@code dg-error}; the query
 * ({@code model}, {@code encoding} linear16/mulaw/alaw, a {@code sample_rate} valid for the encoding,
 * {@code container=none}, numeric {@code speed}), else HTTP 400; text frames only (else close
 * {@code 1003 MESSAGE-0000}); JSON commands {@code Speak}/{@code Flush}/{@code Clear}/{@code Close}
 * (else {@code 1008 DATA-0000}); at most {@value #MAX_SPEAK_CHARS} characters per {@code Speak} (else
 * {@code 1009 BIG-0001}); at most {@value #MAX_CHARS_PER_WINDOW} characters of text a minute per socket
 * (else close {@code 1008 DATA-0001}; {@link #charLimit(int)} makes it stricter); at most
 * {@value #MAX_FLUSHES} flushes a minute per socket (else a
 * {@code Warning} {@code EXCESSIVE_FLUSH}, and the flush is ignored: its text stays buffered for the
 * next flush; {@link #flushLimit(int)} makes the fake stricter); and it closes sockets silent for
 * {@link #idleTimeout(Duration) the idle timeout} with {@code 1011 NET-0001}.
 *
 * <p>{@code GET /v1/models} lists {@link #TTS_MODELS} ({@link DeepgramFakeModels}).
 *
 * <p>What it sends: {@code Metadata} on connect; per {@code Flush}, {@link FakeBehavior#chunks()}
 * binary frames of {@link FakeAudio} in the socket's encoding and rate (each request's audio starts
 * at sample 0, or where the socket's previous flush ended with {@link #continuousAudio(boolean)}), then
 * {@code Flushed} with an increasing {@code sequence_id}; several {@code Speak}+{@code Flush} pairs on
 * one socket are answered one after another, in order. {@code Cleared} after {@code Clear}, and no
 * audio of the cleared requests after it; close 1000 after {@code Close}.
 *
 * <p>{@link FakeBehavior#takeFailure()} is honoured once per request: at the handshake, 401, 429
 * and 500 refuse the upgrade with Deepgram's JSON body; on an open socket, 429 becomes
 * {@code 1008 DATA-0001} (too many characters) and 500 becomes {@code 1011 NET-0000}, while 401 waits
 * for the next handshake (an open socket cannot be refused). Stalls and drops happen on the request.
 *
 * <p>Events: {@code connect:#n model=… encoding=… sample_rate=…}, {@code rejected:<auth|model|encoding|
 * sample_rate|container|speed|binary|data|big|throughput>}, {@code failure:#n <FAILURE>}, {@code speak:#n chars=…},
 * {@code request:#n seq=… chars=…}, {@code flushed:#n seq=…}, {@code cancel:#n seq=…} (a {@code Clear}),
 * {@code warning:#n EXCESSIVE_FLUSH}, {@code close:#n} (a {@code Close} message), {@code server-close:#n
 * <code> <reason>}, {@code dropped:#n}, {@code ping:#n}, {@code disconnect:#n <code>}.
 */
public final class FakeDeepgram implements FakeProvider {

    /** Path of the streaming endpoint. */
    public static final String PATH = "/v1/speak";
    /** Path of the model list (see {@link DeepgramFakeModels}). */
    public static final String MODELS_PATH = "/v1/models";
    /** The text-to-speech models {@code GET /v1/models} lists, by {@code canonical_name}, in order. */
    public static final List<String> TTS_MODELS = DeepgramFakeModels.TTS.stream()
            .map(DeepgramFakeModels.FakeModel::canonicalName).toList();
    /** Longest text of one {@code Speak} message. */
    public static final int MAX_SPEAK_CHARS = 2000;
    /** Flushes accepted per {@link #FLUSH_WINDOW}. */
    public static final int MAX_FLUSHES = 20;
    /** Window of the flush limit. */
    public static final Duration FLUSH_WINDOW = Duration.ofSeconds(60);
    /** Characters of {@code Speak} text accepted per {@link #FLUSH_WINDOW} on one socket. */
    public static final int MAX_CHARS_PER_WINDOW = 2400;
    /** Default silence after which a socket is closed with {@code NET-0001}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final String apiKey;
    private final FakeBehavior behavior = new FakeBehavior();
    private final FakeEvents events = new FakeEvents();
    private final ObjectMapper json = new ObjectMapper();
    private final Set<DeepgramFakeSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicBoolean dropNextReused = new AtomicBoolean();
    private volatile Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private volatile int flushLimit = MAX_FLUSHES;
    private volatile int charLimit = MAX_CHARS_PER_WINDOW;
    private volatile boolean continuousAudio;
    private final FakeServer server;

    private FakeDeepgram(String apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        DeepgramFakeModels models = new DeepgramFakeModels(this);
        this.server = FakeServer.start(builder -> builder
                .routing(routing -> routing.get(MODELS_PATH, models::handle))
                .addRouting(WsRouting.builder().endpoint(PATH, () -> new DeepgramFakeSocket(this))));
    }

    /**
     * Starts a fake on a random local port.
     *
     * @param apiKey the only key it accepts
     * @return the running fake
     */
    public static FakeDeepgram start(String apiKey) {
        return new FakeDeepgram(apiKey);
    }

    /**
     * The base URL to configure the client with.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * Pace, size and scripted failures of the audio.
     *
     * @return the behaviour, shared by all sockets
     */
    public FakeBehavior behavior() {
        return behavior;
    }

    /**
     * What the fake saw.
     *
     * @return the events
     */
    public FakeEvents events() {
        return events;
    }

    /**
     * Sets how long a socket may stay silent (no message, no ping, no audio being sent) before the fake
     * closes it with {@code 1011 NET-0001}. Applies to open sockets too.
     *
     * @param timeout the timeout; zero disables it
     * @return this
     */
    public FakeDeepgram idleTimeout(Duration timeout) {
        this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Sets how many flushes a socket accepts per {@link #FLUSH_WINDOW} before it answers with the
     * {@code EXCESSIVE_FLUSH} warning; lower than Deepgram's {@value #MAX_FLUSHES} to make the warning
     * reachable by a client that keeps to Deepgram's limit. Applies to open sockets too.
     *
     * @param limit flushes per window, zero to refuse every flush
     * @return this
     */
    public FakeDeepgram flushLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("flush limit must not be negative");
        }
        this.flushLimit = limit;
        return this;
    }

    /**
     * Sets how many characters of {@code Speak} text a socket accepts per {@link #FLUSH_WINDOW} before
     * it closes with {@code 1008 DATA-0001}, as Deepgram does at {@value #MAX_CHARS_PER_WINDOW}.
     * Applies to open sockets too.
     *
     * @param limit characters per window
     * @return this
     */
    public FakeDeepgram charLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("character limit must not be negative");
        }
        this.charLimit = limit;
        return this;
    }

    /**
     * Makes each flush's audio continue the tone where the same socket's previous flush ended, as the
     * segments of one utterance do, so that a test can tell the segments apart: the {@code k}-th
     * flush of {@code n} samples each is {@code FakeAudio.pcm(rate, k * n, n)}. Off by default (every
     * flush starts at sample 0).
     *
     * @param continuous whether audio continues across flushes
     * @return this
     */
    public FakeDeepgram continuousAudio(boolean continuous) {
        this.continuousAudio = continuous;
        return this;
    }

    /**
     * Cuts every open socket without a close frame, as a crashed server or a broken network would.
     */
    public void dropConnections() {
        for (DeepgramFakeSocket socket : List.copyOf(sockets)) {
            socket.drop();
        }
    }

    /**
     * Makes the next request sent on a socket that already served one cut that socket without a
     * close frame and without answering: a socket that died while idle, found dead by the request.
     *
     * @return this
     */
    public FakeDeepgram dropNextRequestOnReusedSocket() {
        dropNextReused.set(true);
        return this;
    }

    /**
     * Sockets open now.
     *
     * @return the count
     */
    public int openConnections() {
        return sockets.size();
    }

    /**
     * Stops the server; open sockets are cut.
     */
    @Override
    public void close() {
        for (DeepgramFakeSocket socket : List.copyOf(sockets)) {
            socket.stop();
        }
        server.close();
    }

    /** The only key accepted. */
    String apiKey() {
        return apiKey;
    }

    /** The mapper the sockets share. */
    ObjectMapper json() {
        return json;
    }

    /** The idle timeout now; zero when disabled. */
    Duration idleTimeout() {
        return idleTimeout;
    }

    /** Flushes accepted per window now. */
    int flushLimit() {
        return flushLimit;
    }

    /** Characters accepted per window now. */
    int charLimit() {
        return charLimit;
    }

    /** Whether each flush's audio continues where the socket's previous one ended. */
    boolean continuousAudio() {
        return continuousAudio;
    }

    /** The number of the next socket, as in {@code connect:#n}. */
    int nextId() {
        return ids.incrementAndGet();
    }

    /** Takes the one-shot {@link #dropNextRequestOnReusedSocket()}. */
    boolean takeDropReused() {
        return dropNextReused.compareAndSet(true, false);
    }

    /** A socket was accepted. */
    void opened(DeepgramFakeSocket socket) {
        sockets.add(socket);
    }

    /** A socket ended. */
    void ended(DeepgramFakeSocket socket) {
        sockets.remove(socket);
    }
}
