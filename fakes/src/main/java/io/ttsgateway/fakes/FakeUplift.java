package io.ttsgateway.fakes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.webserver.websocket.WsRouting;

/**
 * A fake Uplift AI text-to-speech server: the plain-WebSocket multi-stream transport that the official
 * SDKs use ({@code /v1/text-to-speech/multi-stream}, {@code Authorization: Bearer <key>}).
 *
 * <p>What it does, as the real service does: answers a wrong or missing key with HTTP 401 on the
 * upgrade; sends {@code {"type":"ready","sessionId":..}} first; answers each {@code synthesize} with
 * {@code audio_start}, {@code audio} chunks (base64, {@code sequence} from 0) and {@code audio_end},
 * concurrent requests interleaving on the wire; stops a request on {@code cancel}; answers
 * {@code text_too_long} (over 10,000 characters), {@code duplicate_request} (a request id used
 * twice on the connection) and {@code rate_limit_exceeded} (over 60 requests a minute on the
 * connection) with {@code {"type":"error","requestId","code","message"}}; and, as observed on the
 * live service, sends nothing at all for an unknown voice.
 *
 * <p>What is not the real service: it speaks {@link FakeAudio}'s sine; MP3, OGG and 32-bit WAV are
 * rejected as not simulated; the code of errors the documentation does not name
 * ({@code invalid_request}, {@code invalid_message}) is the fake's own.
 *
 * <p>Events: {@code connect}, {@code request:<requestId>}, {@code done:<requestId>},
 * {@code cancel:<requestId>} (a cancel message arrived), {@code stopped:<requestId>} (a stream
 * ended early because of a cancel or a closed connection), {@code rejected:<reason>},
 * {@code closed:<code>}, {@code dropped}.
 */
public final class FakeUplift implements FakeProvider {

    /** The WebSocket path of the multi-stream endpoint. */
    public static final String PATH = "/v1/text-to-speech/multi-stream";
    /** Longest text the service accepts in one request. */
    public static final int MAX_TEXT_LENGTH = 10_000;
    /** Synthesis requests the service accepts per connection and minute. */
    public static final int REQUESTS_PER_MINUTE = 60;
    /** Every output format the service names. */
    public static final Set<String> OUTPUT_FORMATS = Set.of("PCM_22050_16", "WAV_22050_16", "WAV_22050_32",
                                                            "MP3_22050_32", "MP3_22050_64", "MP3_22050_128",
                                                            "OGG_22050_16", "ULAW_8000_8");
    /** The formats this fake can actually produce. */
    public static final Set<String> SIMULATED_FORMATS = Set.of("PCM_22050_16", "WAV_22050_16", "ULAW_8000_8");
    /** The format used when a request names none. */
    public static final String DEFAULT_OUTPUT_FORMAT = "PCM_22050_16";
    /** The voices the service lists; any other voice yields no audio and no error. */
    public static final Set<String> VOICES = Set.of("v_meklc281", "v_8eelc901", "v_kwmp7zxt", "v_yypgzenx",
                                                    "v_30s70t3a");
    /** Slowest and fastest speaking rate accepted. */
    public static final double MIN_SPEED = 0.5;
    /** Fastest speaking rate accepted. */
    public static final double MAX_SPEED = 2.0;

    private final String apiKey;
    private final FakeBehavior behavior = new FakeBehavior();
    private final FakeEvents events = new FakeEvents();
    private final List<UpliftFakeRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<UpliftFakeConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicBoolean dropBeforeAudio = new AtomicBoolean();
    private final AtomicBoolean skipSequence = new AtomicBoolean();
    private final FakeServer server;

    private FakeUplift(String apiKey) {
        this.apiKey = apiKey;
        this.server = FakeServer.start(builder -> builder.addRouting(
                WsRouting.builder().endpoint(PATH, () -> new UpliftFakeConnection(this))));
    }

    /**
     * Starts a fake on a random local port.
     *
     * @param apiKey the only key it accepts
     * @return the running fake
     */
    public static FakeUplift start(String apiKey) {
        return new FakeUplift(apiKey);
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
     * The scripted pace and one-shot failure.
     *
     * @return the behaviour
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
     * The synthesis requests accepted so far, in order of arrival.
     *
     * @return a copy
     */
    public List<UpliftFakeRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Connections open now.
     *
     * @return how many
     */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Cuts every open connection without a close frame, as a provider that restarts or a NAT that
     * forgets an idle connection does.
     */
    public void dropConnections() {
        for (UpliftFakeConnection connection : connections) {
            connection.drop();
        }
    }

    /**
     * Makes the next synthesis request cut its connection as soon as it arrives, before any answer:
     * what a client sees when it sends on a connection the server had already given up.
     *
     * @return this
     */
    public FakeUplift dropBeforeAudioNext() {
        dropBeforeAudio.set(true);
        return this;
    }

    /**
     * Makes the next synthesis request skip one {@code sequence} number after its first chunk, as if
     * a chunk were lost.
     *
     * @return this
     */
    public FakeUplift skipSequenceNext() {
        skipSequence.set(true);
        return this;
    }

    /**
     * Sends an error that names no request to every open connection, as the service does for
     * failures of the connection itself.
     *
     * @param code the error code, such as {@code auth_failed}
     */
    public void sendErrorToAll(String code) {
        for (UpliftFakeConnection connection : connections) {
            connection.sendError(null, code, "Connection error");
        }
    }

    /**
     * Stops the server.
     */
    @Override
    public void close() {
        for (UpliftFakeConnection connection : connections) {
            connection.stopAll();
        }
        server.close();
    }

    String apiKey() {
        return apiKey;
    }

    int opened(UpliftFakeConnection connection) {
        connections.add(connection);
        events.add("connect");
        return accepted.incrementAndGet();
    }

    void closed(UpliftFakeConnection connection) {
        connections.remove(connection);
    }

    void accepted(UpliftFakeRequest request) {
        requests.add(request);
        events.add("request:" + request.requestId());
    }

    boolean takeDropBeforeAudio() {
        return dropBeforeAudio.getAndSet(false);
    }

    boolean takeSkipSequence() {
        return skipSequence.getAndSet(false);
    }
}
