package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.helidon.webserver.websocket.WsRouting;

/**
 * A fake ElevenLabs text-to-speech API, written from the AsyncAPI and OpenAPI specs and the docs.
 *
 * <p>Serves the multi-context WebSocket {@code /v1/text-to-speech/{voice_id}/multi-stream-input} and
 * HTTP streaming {@code POST /v1/text-to-speech/{voice_id}/stream} and {@code .../stream/with-timestamps},
 * and the voice list {@code GET /v1/voices} ({@link #VOICE_IDS}).
 * Checks the {@code xi-api-key} header (or, on the socket, {@code xi_api_key}/{@code xi-api-key} in the
 * first message), validates query, messages and bodies, and rejects what the real API rejects in the
 * real shapes: HTTP {@code {"detail":{"status","message"}}} or FastAPI 422 bodies; on the socket, an
 * error frame {@code {"message","error","code"}} followed by a close 1008 (1011 for internal errors),
 * or a 403 refusal of the upgrade for models and formats the socket does not serve ({@code eleven_v3}).
 *
 * <p>Each request (a socket context, or an HTTP request) streams {@link FakeBehavior#chunks()} chunks of
 * {@link FakeAudio}'s tone in the requested {@code output_format}, with character timings spread over
 * the chunks, and honours {@link FakeBehavior#takeFailure()} once. A socket context takes several
 * texts, each with {@code flush}: every flushed text gets its own {@link FakeBehavior#chunks()} chunks,
 * in order, whose timings cover exactly that text's characters, and the tone runs on across them
 * (the context's audio is one continuous tone). The second and later flushes of a context take a
 * scripted failure of their own, so a failure can hit an utterance in its middle.
 *
 * <p>Events: {@code connect}, {@code sync_alignment} (the socket asked for it),
 * {@code request:<id>:<output_format>:<model>}, {@code language:<id>:<code>}, {@code speed:<id>:<value>},
 * {@code previous_text:<id>:<chars>} (HTTP), {@code text:<id>}, {@code flush:<id>},
 * {@code close_context:<id>}, {@code cancel:<id>}, {@code final:<id>}, {@code keepalive:<id>},
 * {@code stalled:<id>}, {@code error:<code>}, {@code rejected:<reason>}, {@code dropped:<what>},
 * {@code expired}, {@code closed:<code>}, {@code list-voices}, {@code list-failure:<FAILURE>}; socket
 * contexts are named as the client named them, HTTP requests {@code http-<n>}.
 */
public final class FakeElevenLabs implements FakeProvider {

    /** The voices {@code GET /v1/voices} lists, in order. */
    public static final List<String> VOICE_IDS = FakeElevenLabsVoices.VOICES.stream()
            .map(FakeElevenLabsVoices.FakeVoice::id).toList();
    /** A voice id the fake does not know: requests for it fail with {@code voice_not_found}. */
    public static final String UNKNOWN_VOICE = "voice_missing";
    /** The model used when a request names none. */
    public static final String DEFAULT_MODEL = "eleven_multilingual_v2";
    /** Models the fake knows. */
    public static final Set<String> MODELS = Set.of("eleven_multilingual_v2", "eleven_flash_v2_5", "eleven_turbo_v2_5",
                                                    "eleven_flash_v2", "eleven_turbo_v2", "eleven_monolingual_v1",
                                                    "eleven_multilingual_v1", "eleven_v3");
    /**
     * Models that take {@code language_code}; the API returns an error for the others (openapi.json,
     * {@code language_code} of the text-to-speech bodies).
     */
    public static final Set<String> LANGUAGE_MODELS = Set.of("eleven_turbo_v2_5", "eleven_flash_v2_5");
    /**
     * The shape of a {@code language_code}: ISO 639-1, lower case, no region (three letters are let
     * through for the few languages ElevenLabs names by ISO 639-2/3, such as {@code fil}).
     */
    static final Pattern ISO_639_1 = Pattern.compile("[a-z]{2,3}");
    /** The API key header. */
    public static final String KEY_HEADER = "xi-api-key";
    /** Longest a scripted stall lasts before the fake gives up on its own. */
    static final Duration STALL_CAP = Duration.ofMinutes(2);

    private final String apiKey;
    private final FakeBehavior behavior = new FakeBehavior();
    private final FakeEvents events = new FakeEvents();
    private final Set<FakeElevenLabsSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dropNextContext = new AtomicBoolean();
    private final AtomicLong httpIds = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean asyncApiSpelling;
    private volatile boolean withholdAlignment;
    private FakeServer server;

    private FakeElevenLabs(String apiKey) {
        this.apiKey = apiKey;
    }

    /**
     * Starts a fake on a random local port.
     *
     * @param apiKey the only key it accepts
     * @return the running fake
     */
    public static FakeElevenLabs start(String apiKey) {
        FakeElevenLabs fake = new FakeElevenLabs(apiKey);
        FakeElevenLabsHttp http = new FakeElevenLabsHttp(fake);
        FakeElevenLabsVoices voices = new FakeElevenLabsVoices(fake);
        fake.server = FakeServer.start(builder -> builder
                .routing(routing -> routing
                        .get("/v1/voices", voices::handle)
                        .post("/v1/text-to-speech/{voice_id}/stream", (req, res) -> http.handle(req, res, false))
                        .post("/v1/text-to-speech/{voice_id}/stream/with-timestamps",
                              (req, res) -> http.handle(req, res, true)))
                .addRouting(WsRouting.builder()
                                    .endpoint("/v1/text-to-speech/{voice_id}/multi-stream-input",
                                              () -> new FakeElevenLabsSocket(fake))));
        return fake;
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
     * The scripted pace and failures.
     *
     * @return the behavior
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
     * Makes every socket without a context in progress time out as the real service does after its
     * {@code inactivity_timeout}: an {@code input_timeout_exceeded} error frame, then close 1008.
     * Records {@code expired} for each.
     */
    public void expireIdleSockets() {
        for (FakeElevenLabsSocket socket : List.copyOf(sockets)) {
            socket.expireIfIdle();
        }
    }

    /**
     * Cuts every open socket without a close frame, as a crashed server or a broken network would.
     */
    public void dropConnections() {
        for (FakeElevenLabsSocket socket : List.copyOf(sockets)) {
            socket.drop("connection");
        }
    }

    /**
     * Makes the next new socket context vanish: the connection it arrived on is cut before anything
     * is answered, as when a socket dies just as a request goes out.
     */
    public void dropNextContext() {
        dropNextContext.set(true);
    }

    /**
     * Makes server messages use the AsyncAPI example's spellings ({@code is_final}, {@code context_id},
     * {@code charsDurationsMs}) instead of the SDK's ({@code isFinal}, {@code contextId},
     * {@code charDurationsMs}); clients must accept both.
     *
     * @param enabled whether to use them
     */
    public void asyncApiSpelling(boolean enabled) {
        this.asyncApiSpelling = enabled;
    }

    /**
     * Makes socket audio messages carry no character timings ({@code alignment} and
     * {@code normalizedAlignment} null), as a server that ignored {@code sync_alignment} might.
     *
     * @param enabled whether to withhold them
     */
    public void withholdAlignment(boolean enabled) {
        this.withholdAlignment = enabled;
    }

    /**
     * Sockets currently open.
     *
     * @return the count
     */
    public int openSockets() {
        return sockets.size();
    }

    @Override
    public void close() {
        closed.countDown();
        for (FakeElevenLabsSocket socket : new ArrayList<>(sockets)) {
            socket.stopAll();
        }
        server.close();
    }

    String apiKey() {
        return apiKey;
    }

    boolean takeDropNextContext() {
        return dropNextContext.getAndSet(false);
    }

    boolean asyncApiSpelling() {
        return asyncApiSpelling;
    }

    boolean withholdAlignment() {
        return withholdAlignment;
    }

    String nextHttpId() {
        return "http-" + httpIds.incrementAndGet();
    }

    void opened(FakeElevenLabsSocket socket) {
        sockets.add(socket);
    }

    void ended(FakeElevenLabsSocket socket) {
        sockets.remove(socket);
    }

    /**
     * Holds a stalled HTTP response until the fake closes (or {@link #STALL_CAP}).
     *
     * @throws InterruptedException when the handler is torn down
     */
    void awaitClosed() throws InterruptedException {
        closed.await(STALL_CAP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The longest text per request of a model (ElevenLabs' models page).
     *
     * @param model the model
     * @return characters
     */
    static int maxTextLength(String model) {
        if (model.startsWith("eleven_v3")) {
            return 3_000;
        }
        if (model.endsWith("_v2_5")) {
            return 40_000;
        }
        if (model.equals("eleven_flash_v2") || model.equals("eleven_turbo_v2")) {
            return 30_000;
        }
        return 10_000;
    }
}
