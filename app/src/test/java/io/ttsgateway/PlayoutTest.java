package io.ttsgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The WebSocket's audio held to its client's playback ({@code SESSION_AUDIO_LEAD}) and cut into
 * frames ({@code SESSION_AUDIO_FRAME}), with the tone provider making audio as fast as it can.
 * Arrival times are taken as frames arrive and checked loosely: the bound is the lead plus
 * {@link #SLACK_SECONDS} plus a frame, the pace is checked only against a reply that came at once.
 */
@ServerTest
class PlayoutTest {

    /** pcm_24000. */
    private static final int BYTES_PER_SECOND = 48_000;
    private static final double LEAD_SECONDS = 0.5;
    /** 40 ms of pcm_24000. */
    private static final int FRAME = 1920;
    /** Room for the client's own timing: threads scheduled late, the first frame slower than the rest. */
    private static final double SLACK_SECONDS = 0.25;

    private static Gateway gateway;
    private final int port;

    PlayoutTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                              "SESSION_AUDIO_LEAD", "PT0.5S",
                                                              "SESSION_AUDIO_FRAME", "PT0.04S"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void aFastProviderIsHeldToTheLeadInFramesOfTheConfiguredSize() throws Exception {
        Arrivals arrivals = Arrivals.open(port);
        arrivals.synthesize("r1", "x".repeat(40)); // 2.4 s of tone, made at once
        String done = arrivals.done();
        arrivals.close();

        assertThat(done, containsString("\"status\":\"completed\""));
        List<Arrival> audio = arrivals.audio;
        assertThat(audio.stream().mapToLong(Arrival::bytes).sum(), is(2400L * BYTES_PER_SECOND / 1000));
        long full = audio.stream().filter(arrival -> arrival.bytes() == FRAME).count();
        for (Arrival arrival : audio) {
            assertThat("frames are at most 40 ms", arrival.bytes(), lessThanOrEqualTo(FRAME));
            assertThat("whole samples", arrival.bytes() % 2, is(0));
        }
        assertThat("most frames are whole 40 ms frames: " + full + " of " + audio.size(), full * 5,
                   greaterThan(audio.size() * 4L));
        assertWithinLead(audio);
        double seconds = (arrivals.doneAt - audio.getFirst().at()) / 1e9;
        assertThat("2.4 s of audio, less the 0.5 s lead, take their time: " + seconds + " s", seconds,
                   greaterThan(1.5));
    }

    @Test
    void aCancelLeavesAtMostTheLeadOnTheWay() throws Exception {
        Arrivals arrivals = Arrivals.open(port);
        arrivals.synthesize("long", "y".repeat(500)); // 30 s of tone, made at once
        // A second of audio in: the lead came at once, the rest at the client's pace.
        assertThat(arrivals.second.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS), is(true));
        long before = arrivals.received();
        arrivals.send("{\"action\":\"cancel\",\"requestId\":\"long\"}");
        String done = arrivals.done();
        arrivals.close();

        assertThat(done, containsString("\"status\":\"cancelled\""));
        assertThat("after the cancel, at most the lead, a frame and the slack", (double) arrivals.received() - before,
                   lessThanOrEqualTo(BYTES_PER_SECOND * (LEAD_SECONDS + SLACK_SECONDS) + FRAME));
        assertWithinLead(arrivals.audio);
    }

    /** Audio received by each arrival is at most what the client could have played, plus the lead. */
    private static void assertWithinLead(List<Arrival> audio) {
        long first = audio.getFirst().at();
        long received = 0;
        for (Arrival arrival : audio) {
            received += arrival.bytes();
            double elapsed = (arrival.at() - first) / 1e9;
            double bound = BYTES_PER_SECOND * (elapsed + LEAD_SECONDS + SLACK_SECONDS) + FRAME;
            assertThat("audio received " + elapsed + " s after the first byte", (double) received,
                       lessThanOrEqualTo(bound));
        }
    }

    /** A binary message and when it was complete. */
    private record Arrival(long at, int bytes) {
    }

    /** A client that notes when each binary message arrives; one request's done ends it. */
    private static final class Arrivals implements WebSocket.Listener {
        final List<Arrival> audio = new CopyOnWriteArrayList<>();
        /** Counted down once a second of audio has come. */
        final CountDownLatch second = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final StringBuilder text = new StringBuilder();
        private int message;
        private volatile String done;
        private volatile long doneAt;
        private WebSocket socket;

        static Arrivals open(int port) throws Exception {
            Arrivals arrivals = new Arrivals();
            arrivals.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://localhost:" + port + "/api/v1/ws"), arrivals)
                    .get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return arrivals;
        }

        void synthesize(String requestId, String text) {
            send("{\"action\":\"synthesize\",\"requestId\":\"" + requestId + "\",\"format\":\"pcm_24000\",\"text\":\""
                         + text + "\"}");
        }

        void send(String json) {
            socket.sendText(json, true).orTimeout(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }

        String done() throws InterruptedException {
            if (!finished.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("no done within " + TestClient.TIMEOUT);
            }
            return done;
        }

        long received() {
            return audio.stream().mapToLong(Arrival::bytes).sum();
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .join();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            message += data.remaining();
            if (last) {
                audio.add(new Arrival(System.nanoTime(), message));
                message = 0;
                if (received() >= BYTES_PER_SECOND) {
                    second.countDown();
                }
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String json = text.toString();
                text.setLength(0);
                if (json.contains("\"action\":\"done\"")) {
                    doneAt = System.nanoTime();
                    done = json;
                    finished.countDown();
                }
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
