package io.ttsgateway.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake of OpenAI's speech endpoint, {@code POST /v1/audio/speech}, on a real local socket.
 *
 * <p>It checks {@code Authorization: Bearer <key>} (missing or wrong: 401 with OpenAI's error body,
 * the wrong one echoing part of the key presented, as the real API does), checks the body as
 * {@link FakeOpenAiSpeechRequest} describes, and answers {@code pcm} and {@code wav} with
 * {@link FakeAudio}'s 24 kHz tone, streamed chunked, a flush per chunk, at {@link FakeBehavior}'s
 * pace ({@code stream_format=sse} as {@code speech.audio.delta} events). Connections are kept
 * alive between requests. {@link FakeBehavior#takeFailure()} is honoured once per request.
 *
 * <p>Events: {@code connect:<client port>} per accepted TCP connection, {@code request:<id> <summary>}
 * per accepted speech request, {@code rejected:<code>} per refused one, {@code failure:<what>} when
 * a scripted failure is played, {@code done:<id>} when a response ended normally,
 * {@code cancel:<id>} when the client hung up before its response ended, {@code drop:<id>} when the
 * fake cut a connection mid-response, {@code closed:<client port>} when the client closed an idle
 * connection and {@code idle-drop:<client port>} when the fake did.
 */
public final class FakeOpenAi implements FakeProvider {

    /** The only path served. */
    public static final String SPEECH_PATH = "/v1/audio/speech";
    /** OpenAI's PCM: 24 kHz, 16-bit little-endian, mono. */
    public static final int SAMPLE_RATE = 24_000;
    /** Longest wait for the fake's own threads when it closes. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /**
     * Connections waiting to be accepted: a provider's servers take bursts of new connections; the
     * JDK's default of 50 overflowed when 100 requests opened theirs at once, and the kernel then
     * retried their handshakes a second later.
     */
    private static final int BACKLOG = 4096;

    private final String apiKey;
    private final ServerSocket listener;
    private final FakeBehavior behavior = new FakeBehavior();
    private final FakeEvents events = new FakeEvents();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<FakeOpenAiSpeechRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<FakeOpenAiError> nextError = new AtomicReference<>();
    private final AtomicBoolean dropNextRequest = new AtomicBoolean();
    private final AtomicInteger ids = new AtomicInteger();
    private final FakeToneChunks tone = new FakeToneChunks(SAMPLE_RATE);
    private final Thread acceptor;
    private volatile boolean closed;

    private FakeOpenAi(String apiKey, ServerSocket listener) {
        this.apiKey = apiKey;
        this.listener = listener;
        this.acceptor = Thread.ofVirtual().name("fake-openai-accept").start(this::accept);
    }

    /**
     * Starts a fake on a random port of 127.0.0.1.
     *
     * @param apiKey the only key it accepts
     * @return the running fake
     */
    public static FakeOpenAi start(String apiKey) {
        try {
            ServerSocket listener = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
            return new FakeOpenAi(apiKey, listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The base URL to configure the client with, with OpenAI's {@code /v1}.
     *
     * @return {@code http://127.0.0.1:<port>/v1}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
    }

    /**
     * The pace and scripted failures.
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
     * The speech requests accepted so far, in order.
     *
     * @return a copy
     */
    public List<FakeOpenAiSpeechRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Answers the next accepted request with an error of OpenAI's (for example
     * {@link FakeOpenAiError#insufficientQuota()}), once.
     *
     * @param error the error
     * @return this
     */
    public FakeOpenAi failNextWith(FakeOpenAiError error) {
        nextError.set(error);
        return this;
    }

    /**
     * Makes the next request's connection close as soon as the request arrived, before any byte of
     * a response, as a server does that closes an idle kept-alive connection just when the client
     * reuses it. Recorded as {@code drop-before-response:<client port>}.
     *
     * @return this
     */
    public FakeOpenAi dropNextRequestBeforeResponse() {
        dropNextRequest.set(true);
        return this;
    }

    /**
     * Closes every kept-alive connection that is between requests, as OpenAI's servers do with idle
     * connections. Responses in progress are left alone.
     *
     * @return how many connections were closed
     */
    public int dropIdleConnections() {
        int dropped = 0;
        for (Connection connection : connections) {
            if (connection.dropIfIdle()) {
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Connection connection : connections) {
            connection.shutdown();
        }
        try {
            acceptor.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                socket.setTcpNoDelay(true);
                Connection connection = new Connection(socket);
                connections.add(connection);
                events.add("connect:" + socket.getPort());
                Thread.ofVirtual().name("fake-openai-conn-" + socket.getPort()).start(connection::run);
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Where one response is. */
    private enum State {
        STREAMING, DONE, CANCELLED, DROPPED
    }

    /** One request and its response. */
    private static final class Exchange {
        final int id;
        final FakeOpenAiHttp.Request request;
        final AtomicReference<State> state = new AtomicReference<>(State.STREAMING);
        /** Counted down when the client or the fake ended the connection: stalled responses wait on it. */
        final CountDownLatch gone = new CountDownLatch(1);
        volatile Thread thread;

        Exchange(int id, FakeOpenAiHttp.Request request) {
            this.id = id;
            this.request = request;
        }

        boolean finish(State end) {
            return state.compareAndSet(State.STREAMING, end);
        }
    }

    /**
     * One TCP connection: its own thread reads requests; each response is written by a thread of its
     * own, so the reader sees at once (end of stream) when a client hangs up mid-response.
     */
    private final class Connection {
        private final Socket socket;
        private final int port;
        private final InputStream in;
        private final OutputStream out;
        private final AtomicBoolean closedByFake = new AtomicBoolean();
        private volatile Exchange current;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.port = socket.getPort();
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void run() {
            try {
                while (!closed) {
                    FakeOpenAiHttp.Request request;
                    try {
                        request = FakeOpenAiHttp.read(in);
                    } catch (FakeOpenAiHttp.BadRequest e) {
                        awaitCurrent();
                        events.add("rejected:http-" + e.status());
                        FakeOpenAiError error = FakeOpenAiError.invalid(null, null, e.getMessage());
                        FakeOpenAiHttp.writeFixed(out, e.status(), Map.of(), "application/json", error.body(), true);
                        return;
                    }
                    if (request == null) {
                        clientLeft();
                        return;
                    }
                    // HTTP/1.1 without pipelining: the previous response has ended (the client read it
                    // before sending this one); wait for its thread all the same.
                    awaitCurrent();
                    if (closedByFake.get()) {
                        return;
                    }
                    Exchange exchange = new Exchange(ids.incrementAndGet(), request);
                    // The thread is set before the exchange is published: close() may interrupt it.
                    exchange.thread = Thread.ofVirtual().name("fake-openai-response-" + exchange.id)
                            .unstarted(() -> respond(exchange));
                    current = exchange;
                    exchange.thread.start();
                }
            } catch (IOException e) {
                clientLeft();
            } finally {
                connections.remove(this);
                closeQuietly(socket);
            }
        }

        private void awaitCurrent() {
            Exchange previous = current;
            if (previous != null && previous.thread != null) {
                try {
                    previous.thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The reader saw the end of the connection. */
        private void clientLeft() {
            Exchange exchange = current;
            if (exchange != null && exchange.finish(State.CANCELLED)) {
                events.add("cancel:" + exchange.id);
                exchange.gone.countDown();
                exchange.thread.interrupt();
            } else if (!closedByFake.get()) {
                events.add("closed:" + port);
            }
            if (exchange != null) {
                exchange.gone.countDown();
            }
        }

        boolean dropIfIdle() {
            Exchange exchange = current;
            if (exchange != null && exchange.state.get() == State.STREAMING) {
                return false;
            }
            if (!closedByFake.compareAndSet(false, true)) {
                return false;
            }
            events.add("idle-drop:" + port);
            closeQuietly(socket);
            return true;
        }

        void shutdown() {
            closedByFake.set(true);
            closeQuietly(socket);
            Exchange exchange = current;
            if (exchange != null) {
                exchange.gone.countDown();
                exchange.thread.interrupt();
            }
        }

        /** Cuts the connection without ending the response: no last chunk, a plain TCP close. */
        private void cut() {
            closedByFake.set(true);
            closeQuietly(socket);
        }

        private void respond(Exchange exchange) {
            try {
                play(exchange);
            } catch (InterruptedException e) {
                // the client left or the fake is closing: nothing more to write
            } catch (IOException e) {
                // A write failed: the client is gone.
                if (exchange.finish(State.CANCELLED)) {
                    events.add("cancel:" + exchange.id);
                }
            }
        }

        private void play(Exchange exchange) throws IOException, InterruptedException {
            FakeOpenAiHttp.Request request = exchange.request;
            boolean close = request.wantsClose();
            if (!request.method().equals("POST") || !request.path().equals(SPEECH_PATH)) {
                reply(exchange, "not-found", new FakeOpenAiError(404, "invalid_request_error", null, null,
                        "Invalid URL (" + request.method() + " " + request.path() + ")"), close);
                return;
            }
            String authorization = request.header("authorization");
            if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                reply(exchange, "auth-missing", FakeOpenAiError.missingKey(), close);
                return;
            }
            String presented = authorization.substring(7).strip();
            if (!presented.equals(apiKey)) {
                reply(exchange, "auth-invalid", FakeOpenAiError.incorrectKey(presented), close);
                return;
            }
            FakeOpenAiSpeechRequest speech;
            try {
                speech = FakeOpenAiSpeechRequest.parse(request.header("content-type"), request.body());
            } catch (FakeOpenAiSpeechRequest.Rejected e) {
                reply(exchange, e.error().reason(), e.error(), close);
                return;
            }
            if (dropNextRequest.getAndSet(false)) {
                exchange.finish(State.DROPPED);
                events.add("drop-before-response:" + port);
                cut();
                return;
            }
            requests.add(speech);
            events.add("request:" + exchange.id + " " + speech);
            FakeOpenAiError scripted = nextError.getAndSet(null);
            if (scripted != null) {
                events.add("failure:" + scripted.reason());
                reply(exchange, null, scripted, close);
                return;
            }
            FakeBehavior.Failure failure = behavior.takeFailure();
            if (failure != FakeBehavior.Failure.NONE) {
                events.add("failure:" + failure);
            }
            FakeOpenAiError error = switch (failure) {
                case UNAUTHORIZED -> FakeOpenAiError.incorrectKey(presented);
                case RATE_LIMITED -> FakeOpenAiError.rateLimited();
                case SERVER_ERROR -> FakeOpenAiError.serverError();
                default -> null;
            };
            if (error != null) {
                reply(exchange, null, error, close);
                return;
            }
            if (!speech.responseFormat().equals("pcm") && !speech.responseFormat().equals("wav")) {
                // The fake has no MP3/Opus/AAC/FLAC encoder; the gateway only ever asks for pcm.
                reply(exchange, "unsupported-by-fake", new FakeOpenAiError(501, "server_error", null,
                        "response_format", "The fake serves pcm and wav only"), close);
                return;
            }
            if (failure == FakeBehavior.Failure.STALL_BEFORE_AUDIO) {
                // Accepted, and then nothing at all, not even the status line.
                exchange.gone.await();
                return;
            }
            stream(exchange, speech, failure, close);
        }

        private void stream(Exchange exchange, FakeOpenAiSpeechRequest speech, FakeBehavior.Failure failure,
                            boolean close) throws IOException, InterruptedException {
            boolean sse = speech.streamFormat().equals("sse");
            String contentType = sse ? "text/event-stream" : speech.responseFormat().equals("wav") ? "audio/wav"
                    : "audio/pcm";
            FakeOpenAiHttp.writeChunkedHead(out, contentType, close);
            if (speech.responseFormat().equals("wav")) {
                writeAudio(sse, wavHeader());
            }
            int chunks = behavior.chunks();
            int perChunk = FakeAudio.samplesPerChunk(SAMPLE_RATE, behavior.chunkMillis());
            // Each chunk is due one interval after the previous one was due, not after it was written:
            // sleeping late then does not add up, and a chunk interval equal to its audio is real time.
            long dueAt = System.nanoTime();
            for (int i = 0; i < chunks; i++) {
                dueAt += (i == 0 ? behavior.firstChunkDelay() : behavior.chunkInterval()).toNanos();
                FakeBehavior.pause(Duration.ofNanos(dueAt - System.nanoTime()));
                if (exchange.state.get() != State.STREAMING) {
                    return;
                }
                writeAudio(sse, tone.pcm((long) i * perChunk, perChunk));
                if (i == 0 && failure == FakeBehavior.Failure.STALL_MID_STREAM) {
                    exchange.gone.await();
                    return;
                }
                if (i == 0 && failure == FakeBehavior.Failure.DROP_MID_STREAM) {
                    if (exchange.finish(State.DROPPED)) {
                        events.add("drop:" + exchange.id);
                        cut();
                    }
                    return;
                }
            }
            if (sse) {
                int inputTokens = Math.max(1, speech.input().length() / 4);
                int outputTokens = chunks * 10;
                FakeOpenAiHttp.writeChunk(out, ("data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":"
                        + inputTokens + ",\"output_tokens\":" + outputTokens + ",\"total_tokens\":"
                        + (inputTokens + outputTokens) + "}}\n\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!exchange.finish(State.DONE)) {
                return;
            }
            FakeOpenAiHttp.writeLastChunk(out);
            events.add("done:" + exchange.id);
            if (close) {
                cut();
            }
        }

        private void writeAudio(boolean sse, byte[] audio) throws IOException {
            if (sse) {
                String event = "data: {\"type\":\"speech.audio.delta\",\"audio\":\""
                        + Base64.getEncoder().encodeToString(audio) + "\"}\n\n";
                FakeOpenAiHttp.writeChunk(out, event.getBytes(StandardCharsets.UTF_8));
            } else {
                FakeOpenAiHttp.writeChunk(out, audio);
            }
        }

        /** Ends the exchange first, so a client hanging up right after reading it is no cancel. */
        private void reply(Exchange exchange, String rejectedReason, FakeOpenAiError error, boolean close)
                throws IOException {
            if (!exchange.finish(State.DONE)) {
                return;
            }
            if (rejectedReason != null) {
                events.add("rejected:" + rejectedReason);
            }
            FakeOpenAiHttp.writeFixed(out, error.status(), error.headers(), "application/json", error.body(), close);
            if (close) {
                cut();
            }
        }
    }

    /** A WAV header for a stream of unknown length, as streamed WAV has. */
    private static byte[] wavHeader() {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
        header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
        return header.array();
    }
}
