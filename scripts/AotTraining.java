import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work an AOT cache is trained on (scripts/aot-cache.sh): drives a running gateway through what
 * production runs, so the cache holds the classes and method profiles of both APIs for each provider
 * named. Per round, per provider, SESSIONS clients at once each run, on one WebSocket: a new text, a
 * new short one and that 25 times more (cache hits), streamed input (append, flush, end), and a request
 * cancelled at its first audio; then over HTTP (POST /v1/audio/speech, model = provider) each response_format, once
 * as audio and once as SSE, and PCM 25 times more (no hits from the embedded engine: the hit path
 * is the same for every provider). Texts are new per run, so every first request is a miss.
 *   java scripts/AotTraining.java PORT ROUNDS SESSIONS PROVIDER[:SESSIONS]...
 * Prints one line of counts. Exit status 1 when fewer than 90 % of the requests completed.
 */
public final class AotTraining {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> HTTP_FORMATS = List.of("pcm", "wav", "mp3", "opus", "flac");
    private static final double MIN_COMPLETED = 0.9;
    /** Cache hits per client and round, over the WebSocket and for the first HTTP format. */
    private static final int HITS = 25;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration READY_POLL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final int port;
    private final String run = Long.toString(System.nanoTime(), 36);
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    private AotTraining(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java scripts/AotTraining.java PORT ROUNDS SESSIONS PROVIDER...");
            System.exit(2);
        }
        AotTraining training = new AotTraining(Integer.parseInt(args[0]));
        int rounds = Integer.parseInt(args[1]);
        int sessions = Integer.parseInt(args[2]);
        List<String> providers = List.of(args).subList(3, args.length);
        training.awaitReady();
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < rounds; round++) {
                List<Future<?>> work = new ArrayList<>();
                for (String named : providers) {
                    String provider = named.replaceAll(":.*", "");
                    int clients = named.contains(":") ? Integer.parseInt(named.replaceAll(".*:", "")) : sessions;
                    for (int session = 0; session < clients; session++) {
                        String tag = round + "-" + session;
                        work.add(threads.submit(() -> training.session(provider, tag)));
                        work.add(threads.submit(() -> training.speech(provider, tag)));
                    }
                }
                for (Future<?> future : work) {
                    future.get();
                }
            }
        }
        int done = training.completed.get();
        int total = done + training.failed.get();
        System.out.printf("AOT training: %d of %d requests completed (%s) in %d ms%n", done, total, providers,
                          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        System.exit(total > 0 && done >= MIN_COMPLETED * total ? 0 : 1);
    }

    /** Until /observe/health/ready answers 200: the embedded engine warms up first. */
    private void awaitReady() throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/health/ready"))
                .timeout(TIMEOUT).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(READY_POLL.toMillis());
        }
        System.err.println("AOT training: the gateway on port " + port + " was not ready in " + READY_TIMEOUT);
        System.exit(1);
    }

    private String text(String provider, String tag, String what) {
        return "Training " + what + " " + run + " " + tag + " for " + provider
                + ": the quick brown fox jumps over the lazy dog, and then it rests.";
    }

    /** One WebSocket client: a miss, a hit, streamed input and a cancel. */
    private Void session(String provider, String tag) throws Exception {
        Messages messages = new Messages();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/ws"), messages)
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            String text = text(provider, tag, "miss");
            send(socket, synthesize("m", provider, text, "pcm_24000"));
            count(messages.awaitDone("m"));
            // Hits are most requests of a busy gateway; a short text, as audio beyond a second's lead
            // is paced to playback.
            String greeting = "Hello " + run + " " + tag + ".";
            // The hit path is the same for every provider: not the embedded engine's long, paced audio.
            int hits = provider.equals("marytts") ? 0 : HITS;
            for (int hit = 0; hit <= hits; hit++) {
                send(socket, synthesize("h" + hit, provider, greeting, "pcm_24000"));
                count(messages.awaitDone("h" + hit));
            }
            send(socket, "{\"action\":\"append\",\"requestId\":\"s\",\"provider\":\"" + provider
                    + "\",\"text\":\"Sure! Let me look that up for you, \"}");
            send(socket, "{\"action\":\"append\",\"requestId\":\"s\",\"text\":\"it takes a moment. Here it is\"}");
            send(socket, "{\"action\":\"flush\",\"requestId\":\"s\"}");
            send(socket, "{\"action\":\"append\",\"requestId\":\"s\",\"text\":\" and that is all " + run + ".\"}");
            send(socket, "{\"action\":\"end\",\"requestId\":\"s\"}");
            count(messages.awaitDone("s"));
            send(socket, synthesize("c", provider, text(provider, tag, "cancel"), "ulaw_8000"));
            messages.awaitAudio();
            send(socket, "{\"action\":\"cancel\",\"requestId\":\"c\"}");
            count(messages.awaitDone("c"));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return null;
    }

    private static String synthesize(String id, String provider, String text, String format) {
        return "{\"action\":\"synthesize\",\"requestId\":\"" + id + "\",\"provider\":\"" + provider
                + "\",\"format\":\"" + format + "\",\"text\":\"" + text + "\"}";
    }

    private static void send(WebSocket socket, String message) throws Exception {
        socket.sendText(message, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private void count(boolean ok) {
        (ok ? completed : failed).incrementAndGet();
    }

    /** The HTTP API: each format, streamed audio and SSE. */
    private Void speech(String provider, String tag) {
        List<String> streams = new ArrayList<>(List.of("audio", "sse"));
        for (int hit = 0; hit < (provider.equals("marytts") ? 0 : HITS); hit++) {
            streams.add("audio");
        }
        for (String format : HTTP_FORMATS) {
            for (String stream : format.equals(HTTP_FORMATS.getFirst()) ? streams : streams.subList(0, 2)) {
                String body = "{\"model\":\"" + provider + "\",\"voice\":\"alloy\",\"response_format\":\"" + format
                        + "\",\"stream_format\":\"" + stream + "\",\"input\":\""
                        + text(provider, tag, format + " " + stream) + "\"}";
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/audio/speech"))
                        .timeout(TIMEOUT).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream in = response.body()) {
                        count(response.statusCode() == 200 && in.readAllBytes().length > 0);
                    }
                } catch (IOException e) {
                    count(false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    /** What one WebSocket received: requests' done statuses and whether audio came. */
    private static final class Messages implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (message.contains("\"action\":\"done\"")) {
                    events.add(message);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            events.add("audio");
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            events.add("closed");
            return CompletableFuture.completedFuture(null);
        }

        void awaitAudio() throws InterruptedException {
            await(event -> event.equals("audio"));
        }

        /** Whether the request's done came, completed or cancelled. */
        boolean awaitDone(String id) throws InterruptedException {
            String done = await(event -> event.contains("\"requestId\":\"" + id + "\""));
            return done != null && (done.contains("\"completed\"") || done.contains("\"cancelled\""));
        }

        private String await(java.util.function.Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                String event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null || event.equals("closed") || wanted.test(event)) {
                    return event == null || event.equals("closed") ? null : event;
                }
            }
        }
    }
}
