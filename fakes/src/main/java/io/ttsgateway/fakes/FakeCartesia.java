package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.websocket.WsRouting;

/**
 * A fake Cartesia TTS WebSocket API ({@code /tts/websocket}), written from the Fern definitions of
 * versions 2024-06-10, 2024-11-13 and 2025-04-16 and the documented 2026-03-01 error shape.
 *
 * <p>The upgrade is refused with 401 unless the key comes in the form the requested version
 * documents ({@code X-API-Key} before 2025-04-16, {@code Authorization: Bearer} from then on), or
 * in the {@code api_key} query parameter, which every version accepts; the version comes from
 * {@code cartesia_version} (which wins) or {@code Cartesia-Version}, and is required. Each
 * {@code GenerationRequest} is validated as the API does (model, voice, raw output format, sample
 * rate, language, non-empty transcript) and answered on its {@code context_id} with {@code chunk}
 * messages of {@link FakeAudio}'s tone in the requested encoding, {@code timestamps} when asked, and
 * {@code done}; a bad request gets a per-context {@code error} in the version's shape and the socket
 * stays open. {@code {"context_id":..,"cancel":true}} stops a context's audio. Sockets quiet for
 * {@link #idleTimeout(Duration)} are closed with 1000 {@value #IDLE_REASON}, as Cartesia does after
 * 5 minutes. {@code GET /voices} lists a few voices ({@link CartesiaFakeVoices}).
 *
 * <p>Continuations: inputs with {@code continue: true} on the same {@code context_id} are buffered;
 * a manual flush ({@code transcript ""}, {@code continue: true}, {@code flush: true}) speaks the
 * buffer in chunks tagged with the flush's {@code flush_id} (1, 2, ...) and then sends
 * {@code flush_done} with that id; the final input ({@code continue: false}) speaks what is left and
 * sends {@code done}. Every input must keep the fields of the context's first one except
 * {@code transcript}, {@code continue}, {@code duration} and {@code flush}; one that does not, or is
 * invalid otherwise, gets a 400 error ({@code done: true}) and ends its context. An input after the
 * final one, or on an expired context, gets a 400 error too.
 * A context waiting for input expires {@link #contextExpiry(Duration)} after its last output (1 s,
 * as documented). A scripted failure applies to the next input with text, so a test can fail any
 * segment of a continuation. The speed controls of each version are checked: {@code speed}
 * {@code slow|normal|fast}, {@code generation_config.speed} 0.6-1.5, {@code generation_config.volume}
 * 0.5-2.0, {@code voice.__experimental_controls.speed} -1.0..1.0 or a natural speed.
 *
 * <p>Events: {@code connect}, {@code auth:<form> <version>}, {@code request:<context> <encoding>_<rate>
 * model=.. voice=.. language=.. timestamps=..} (a context's first input), {@code input:<context>
 * chars=<n> continue=<b> flush=<b>} (every input), {@code flush:<context> <flush_id>},
 * {@code flush_done:<context> <flush_id>}, {@code end:<context>} (its final input),
 * {@code failure:<context> <FAILURE>}, {@code error:<context> <status>}, {@code done:<context>},
 * {@code cancel:<context>}, {@code stopped:<context>} (its audio stopped early),
 * {@code expired:<context>}, {@code dropped}, {@code idle-close}, {@code closed-on-request:<context>},
 * {@code closed:<code>} (the client closed), and {@code rejected:<reason>} for a refused upgrade or
 * request ({@code rejected:fields}, {@code rejected:ended}, {@code rejected:expired} for inputs that
 * break a context's rules).
 */
public final class FakeCartesia implements FakeProvider {

    /** The WebSocket path. */
    public static final String PATH = "/tts/websocket";
    /** The voice list (see {@link CartesiaFakeVoices}). */
    public static final String VOICES_PATH = "/voices";
    /** The ids {@code GET /voices} lists, in order. */
    public static final List<String> VOICE_IDS = CartesiaFakeVoices.VOICES.stream()
            .map(CartesiaFakeVoices.FakeVoice::id).toList();
    /** Cartesia closes sockets idle this long. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** The close reason of an idle socket, as Cartesia sends it. */
    public static final String IDLE_REASON = "connection idle timeout";
    /** Active contexts allowed at once by default (Cartesia's Scale plan). */
    public static final int DEFAULT_CONCURRENCY = 15;
    /** Models the fake knows. */
    public static final Set<String> MODELS = Set.of("sonic", "sonic-english", "sonic-multilingual", "sonic-2",
                                                    "sonic-2024-10-19", "sonic-2024-12-12", "sonic-turbo",
                                                    "sonic-preview", "sonic-3");
    /** Raw encodings of the WebSocket. */
    public static final Set<String> ENCODINGS = Set.of("pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw");
    /** Sample rates of the WebSocket. */
    public static final Set<Integer> SAMPLE_RATES = Set.of(8000, 16000, 22050, 24000, 44100, 48000);
    /** Languages of 2025-04-16. */
    public static final Set<String> LANGUAGES = Set.of("en", "fr", "de", "es", "pt", "zh", "ja", "hi", "it", "ko",
                                                       "nl", "pl", "ru", "sv", "tr");
    /** Values of the top-level {@code speed} ({@code ModelSpeed}). */
    public static final Set<String> MODEL_SPEEDS = Set.of("slow", "normal", "fast");
    /** Natural values of {@code voice.__experimental_controls.speed} (2024-06-10, 2024-11-13). */
    public static final Set<String> NATURAL_SPEEDS = Set.of("slowest", "slow", "normal", "fast", "fastest");
    /** Lowest {@code generation_config.speed} (sonic-3). */
    public static final double MIN_CONFIG_SPEED = 0.6;
    /** Highest {@code generation_config.speed} (sonic-3). */
    public static final double MAX_CONFIG_SPEED = 1.5;
    /** Lowest {@code generation_config.volume} (sonic-3). */
    public static final double MIN_CONFIG_VOLUME = 0.5;
    /** Highest {@code generation_config.volume} (sonic-3). */
    public static final double MAX_CONFIG_VOLUME = 2.0;
    /** Cartesia expires a context this long after its last audio output. */
    public static final Duration CONTEXT_EXPIRY = Duration.ofSeconds(1);

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Shortest pause of the idle reaper, so a shortened idle timeout is noticed soon. */
    private static final Duration REAPER_MAX_PERIOD = Duration.ofSeconds(1);

    private final String apiKey;
    private final FakeBehavior behavior = new FakeBehavior();
    private final FakeEvents events = new FakeEvents();
    private final Set<CartesiaFakeSocket> sockets = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> inputs = new CopyOnWriteArrayList<>();
    private final AtomicInteger activeContexts = new AtomicInteger();
    private final AtomicBoolean closeOnNextRequest = new AtomicBoolean();
    private final ReentrantLock reaperLock = new ReentrantLock();
    private final Condition reaperWake = reaperLock.newCondition();
    private final Thread reaper;
    private final FakeServer server;
    private volatile int concurrencyLimit = DEFAULT_CONCURRENCY;
    private volatile Duration idleTimeout = IDLE_TIMEOUT;
    private volatile Duration contextExpiry = CONTEXT_EXPIRY;
    private volatile int firstFlushId = 1;
    private volatile boolean tagChunks = true;
    private volatile boolean timestampsFromFlush;
    private volatile boolean closed;
    private volatile int voicesPageCap = Integer.MAX_VALUE;

    private FakeCartesia(String apiKey) {
        this.apiKey = apiKey;
        CartesiaFakeVoices voices = new CartesiaFakeVoices(this);
        this.server = FakeServer.start(builder -> builder
                .routing(routing -> routing.get(VOICES_PATH, voices::handle))
                .addRouting(WsRouting.builder().endpoint(PATH, () -> new CartesiaFakeSocket(this))));
        this.reaper = Thread.ofVirtual().name("fake-cartesia-idle").start(this::reap);
    }

    /**
     * Starts a fake that accepts one key.
     *
     * @param apiKey the valid key
     * @return the running fake
     */
    public static FakeCartesia start(String apiKey) {
        return new FakeCartesia(apiKey);
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
     * @return the behaviour, changeable between requests
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
     * The generation requests that started a context so far, as the JSON text that arrived.
     *
     * @return the requests, in order
     */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Every input accepted on a context so far (first inputs, continuations, flushes and final
     * inputs), as the JSON text that arrived.
     *
     * @return the inputs, in order
     */
    public List<String> inputs() {
        return List.copyOf(inputs);
    }

    /**
     * Caps the pages of {@code GET /voices} below the {@code limit} asked for, so that a client's
     * paging can be seen with a few voices.
     *
     * @param cap voices per page at most
     * @return this
     */
    public FakeCartesia voicesPageCap(int cap) {
        this.voicesPageCap = cap;
        return this;
    }

    int voicesPageCap() {
        return voicesPageCap;
    }

    /**
     * Sets how long a context waiting for input lives after its last output.
     *
     * @param expiry the expiry; Cartesia's is {@link #CONTEXT_EXPIRY}
     * @return this
     */
    public FakeCartesia contextExpiry(Duration expiry) {
        this.contextExpiry = expiry;
        return this;
    }

    /**
     * How long a context waiting for input lives after its last output.
     *
     * @return the expiry
     */
    public Duration contextExpiry() {
        return contextExpiry;
    }

    /**
     * Variants of what the definitions leave unconfirmed about flushes, for testing a client's
     * leniency: the number of a context's first flush (documented: 1), whether chunks carry the
     * {@code flush_id} of their flush (documented: they do), and whether word timestamps restart at
     * each flush rather than count from the start of the context.
     *
     * @param firstId       {@code flush_id} of the first flush
     * @param onChunks      whether chunks carry {@code flush_id}
     * @param perFlushTimes whether timestamps count from the start of each flush's audio
     * @return this
     */
    public FakeCartesia flushVariant(int firstId, boolean onChunks, boolean perFlushTimes) {
        this.firstFlushId = firstId;
        this.tagChunks = onChunks;
        this.timestampsFromFlush = perFlushTimes;
        return this;
    }

    /**
     * The {@code flush_id} of a context's first flush.
     *
     * @return 1 unless {@link #flushVariant} said otherwise
     */
    int firstFlushId() {
        return firstFlushId;
    }

    /**
     * Whether chunks carry their flush's {@code flush_id}.
     *
     * @return true unless {@link #flushVariant} said otherwise
     */
    boolean tagsChunks() {
        return tagChunks;
    }

    /**
     * Whether word timestamps restart at each flush.
     *
     * @return false unless {@link #flushVariant} said otherwise
     */
    boolean timestampsFromFlush() {
        return timestampsFromFlush;
    }

    /**
     * Sets how many contexts may generate at once across all sockets; more get a 429
     * {@code concurrency_limited} error, as Cartesia's plan limits do.
     *
     * @param limit active contexts allowed
     * @return this
     */
    public FakeCartesia concurrencyLimit(int limit) {
        this.concurrencyLimit = limit;
        return this;
    }

    /**
     * Sets how long a socket may stay without client messages and without audio in flight before
     * the fake closes it with 1000 {@value #IDLE_REASON}.
     *
     * @param timeout the idle timeout
     * @return this
     */
    public FakeCartesia idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        reaperLock.lock();
        try {
            reaperWake.signalAll();
        } finally {
            reaperLock.unlock();
        }
        return this;
    }

    /**
     * Makes the next generation request close its socket as idle (1000 {@value #IDLE_REASON})
     * instead of being answered: the request crossed Cartesia's idle close, so it was never taken.
     *
     * @return this
     */
    public FakeCartesia closeOnNextRequest() {
        closeOnNextRequest.set(true);
        return this;
    }

    /**
     * How many sockets are open.
     *
     * @return the count
     */
    public int openConnections() {
        return sockets.size();
    }

    /**
     * Closes every socket with no context in flight as idle, now (1000 {@value #IDLE_REASON}).
     */
    public void closeIdleConnections() {
        for (CartesiaFakeSocket socket : sockets) {
            socket.closeIfIdle(0);
        }
    }

    /**
     * Cuts every socket without a close frame, as a crash or a network failure would.
     */
    public void dropConnections() {
        for (CartesiaFakeSocket socket : sockets) {
            socket.drop();
        }
    }

    /**
     * Stops the server and its sockets.
     */
    @Override
    public void close() {
        closed = true;
        reaperLock.lock();
        try {
            reaperWake.signalAll();
        } finally {
            reaperLock.unlock();
        }
        dropConnections();
        server.close();
        try {
            reaper.join(REAPER_MAX_PERIOD.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The key the fake accepts.
     *
     * @return the key
     */
    String apiKey() {
        return apiKey;
    }

    /**
     * Notes an accepted socket.
     *
     * @param socket the socket
     */
    void register(CartesiaFakeSocket socket) {
        sockets.add(socket);
    }

    /**
     * Forgets an ended socket.
     *
     * @param socket the socket
     */
    void unregister(CartesiaFakeSocket socket) {
        sockets.remove(socket);
    }

    /**
     * Takes the one-shot order to close on the next request.
     *
     * @return true when this request must close its socket
     */
    boolean takeCloseOnRequest() {
        return closeOnNextRequest.getAndSet(false);
    }

    /**
     * Keeps an accepted generation request.
     *
     * @param json the message as it arrived
     */
    void recordRequest(String json) {
        requests.add(json);
    }

    /**
     * Keeps an accepted input of a context.
     *
     * @param json the message as it arrived
     */
    void recordInput(String json) {
        inputs.add(json);
    }

    /**
     * Takes a concurrency slot for a context.
     *
     * @return false when the limit is reached
     */
    boolean startContext() {
        while (true) {
            int active = activeContexts.get();
            if (active >= concurrencyLimit) {
                return false;
            }
            if (activeContexts.compareAndSet(active, active + 1)) {
                return true;
            }
        }
    }

    /**
     * Gives back the concurrency slot of an ended context.
     */
    void endContext() {
        activeContexts.decrementAndGet();
    }

    private void reap() {
        reaperLock.lock();
        try {
            while (!closed) {
                Duration timeout = idleTimeout;
                for (CartesiaFakeSocket socket : sockets) {
                    socket.closeIfIdle(timeout.toNanos());
                }
                Duration period = timeout.dividedBy(4);
                if (period.compareTo(REAPER_MAX_PERIOD) > 0) {
                    period = REAPER_MAX_PERIOD;
                }
                reaperWake.await(Math.max(1, period.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reaperLock.unlock();
        }
    }
}
