package io.ttsgateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

/**
 * Cancel and ordering, on a tone whose length and pace are known: 60 ms of audio per character,
 * 100 ms chunks produced every 20 ms.
 */
@ServerTest
class CancelAndOrderTest {

    /** 24 kHz, 16-bit: bytes of tone per character of text. */
    private static final int BYTES_PER_CHAR = 48_000 * 60 / 1000;

    private static Gateway gateway;
    private final int port;

    CancelAndOrderTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, TestGateways.SLOW_TONE);
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void cancelMidStreamStopsAudioAndTheConnectionServesTheNextRequest() throws Exception {
        String text = "x".repeat(200); // 12 s of audio, 120 chunks over 2.4 s
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("long", text);
            assertThat(client.nextText().action(), is("start"));
            assertThat(client.next(), instanceOf(TestClient.Binary.class));
            client.cancel(null);

            int audioAfterCancel = 0;
            TestClient.Frame frame;
            while ((frame = client.next()) instanceof TestClient.Binary) {
                audioAfterCancel++;
            }
            TestClient.Text done = (TestClient.Text) frame;
            assertThat(done.json().toString(), is("{\"action\":\"done\",\"requestId\":\"long\",\"status\":\"cancelled\"}"));
            assertThat("only frames already on the wire", audioAfterCancel, lessThan(10));
            assertThat("nothing after done", client.pollAfter(Duration.ofMillis(200)), is(nullValue()));

            TestClient.Response next = client.synthesize("next", "hello").response("next");
            assertThat(next.status(), is("completed"));
            assertThat(next.audio().length, is(5 * BYTES_PER_CHAR));
        }
    }

    @Test
    void cancelMidSynthesisLeavesNoCacheEntry() throws Exception {
        String text = "y".repeat(200);
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("c", text);
            client.nextText();
            client.next();
            client.cancel("c");
            assertThat(client.doneAfterAudio("c").json().path("status").asText(), is("cancelled"));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            var key = gateway.synthesizer().keyOf(new SynthesisRequest(text, null, null, AudioFormat.pcm(24000), Map.of()),
                                                  gateway.synthesizer().providers().defaultProvider());
            assertThat(gateway.cache().lookup(key).isPresent(), is(false));
            assertThat(TestGateways.count(TestGateways.temporaryFiles(gateway)), is(0L));
        }
    }

    @Test
    void aRequestIdIsFreeAgainAsSoonAsItsDoneArrives() {
        try (TestClient client = TestClient.connect(port)) {
            for (int i = 0; i < 20; i++) {
                // The next synthesize goes out the moment the done is read: the id must be free by then.
                assertThat(client.synthesize("same", "a").response("same").status(), is("completed"));
            }
        }
    }

    @Test
    void cancelByIdLeavesTheOtherRequestWhole() {
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("keep", "k".repeat(30)).synthesize("drop", "d".repeat(30));
            client.cancel("drop");

            TestClient.Response kept = client.response("keep");
            TestClient.Response dropped = client.response("drop");
            assertThat(kept.status(), is("completed"));
            assertThat(kept.audio().length, is(30 * BYTES_PER_CHAR));
            assertThat(dropped.status(), is("cancelled"));
            assertThat(dropped.chunks().size(), is(0));
        }
    }

    @Test
    void cancellingThePlayingRequestLetsTheQueuedOnePlayWhole() {
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("first", "f".repeat(200)).synthesize("second", "s".repeat(20));
            client.nextText();
            client.next();
            client.cancel("first");

            assertThat(client.doneAfterAudio("first").json().path("status").asText(), is("cancelled"));
            TestClient.Response second = client.response("second");
            assertThat(second.status(), is("completed"));
            assertThat(second.audio().length, is(20 * BYTES_PER_CHAR));
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderWithoutInterleaving() {
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("r1", "a".repeat(25)).synthesize("r2", "b".repeat(5)).synthesize("r3", "c".repeat(15));
            // response() fails on any frame of another request, so passing means no interleaving
            int[] lengths = {25, 5, 15};
            String[] ids = {"r1", "r2", "r3"};
            for (int i = 0; i < ids.length; i++) {
                TestClient.Response response = client.response(ids[i]);
                assertThat(response.status(), is("completed"));
                assertThat(response.audio().length, is(lengths[i] * BYTES_PER_CHAR));
            }
        }
    }

    @Test
    void clientPingIsAnswered() {
        try (TestClient client = TestClient.connect(port)) {
            client.ping();
            assertThat(client.nextAny(), instanceOf(TestClient.Pong.class));
        }
    }

    @Test
    void requestWithoutIdStillGetsItsOwnDone() {
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Response response = client.synthesize(null, "abc").response(null);
            assertThat(response.chunks().size(), greaterThan(0));
            assertThat(response.status(), is("completed"));
        }
    }
}
