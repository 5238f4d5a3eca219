package io.ttsgateway;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The xRx exchange on the embedded engine, and the cache behind it, through a real socket.
 */
@ServerTest
class XrxProtocolTest {

    /** 40 ms of the default format, pcm_24000: the default SESSION_AUDIO_FRAME. */
    private static final int FRAME_BYTES = 1920;

    private static Gateway gateway;
    private final int port;

    XrxProtocolTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "auto"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void xrxClientGetsPcmThatSaysTheTextThenDone() throws Exception {
        String text = "Hello, how can I assist you today?";
        try (TestClient client = TestClient.connect(port)) {
            client.send("{\"action\":\"synthesize\",\"text\":\"" + text + "\"}");
            TestClient.Response response = client.response(null);

            assertThat(response.start().path("format").asText(), is("pcm_24000"));
            assertThat(response.done().toString(), is("{\"action\":\"done\",\"status\":\"completed\"}"));
            byte[] audio = response.audio();
            assertThat("whole 16-bit samples", audio.length % 2, is(0));
            assertThat("about two seconds of 24 kHz speech", audio.length / 48_000.0,
                       both(greaterThan(1.0)).and(lessThan(5.0)));
            assertThat("the engine's own audio for this text, unchanged",
                       java.util.Arrays.equals(audio, engineAudio(text)), is(true));
        }
    }

    @Test
    void cacheHitIsByteIdenticalInFramesOfAtMost40Ms() {
        String text = "The cache remembers this sentence.";
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Response miss = client.synthesize("a", text).response("a");
            assertThat(Files.exists(gateway.cache().entryPath(key(text))), is(true));
            TestClient.Response hit = client.synthesize("b", text).response("b");

            assertThat(hit.status(), is("completed"));
            // Frames are cut to SESSION_AUDIO_FRAME and join what is at hand, so their edges are not
            // the provider's chunks any more: the audio is the same, in frames of at most 40 ms.
            assertThat(Arrays.equals(hit.audio(), miss.audio()), is(true));
            for (byte[] frame : hit.chunks()) {
                assertThat(frame.length, lessThanOrEqualTo(FRAME_BYTES));
            }
        }
    }

    @Test
    void corruptCacheFileIsAMissAndIsRewritten() throws Exception {
        String text = "This entry will be damaged on disk.";
        try (TestClient client = TestClient.connect(port)) {
            byte[] original = client.synthesize("first", text).response("first").audio();
            Path entry = gateway.cache().entryPath(key(text));
            long corruptBefore = gateway.cache().corruptEntries();
            try (var channel = Files.newByteChannel(entry, StandardOpenOption.WRITE)) {
                channel.truncate(Files.size(entry) / 2);
            }

            TestClient.Response again = client.synthesize("second", text).response("second");

            assertThat(again.status(), is("completed"));
            assertThat(java.util.Arrays.equals(again.audio(), original), is(true));
            assertThat(gateway.cache().corruptEntries(), is(corruptBefore + 1));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat("rewritten whole", gateway.cache().lookup(key(text)).isPresent(), is(true));
        }
    }

    @Test
    void concurrentIdenticalRequestsAllGetCorrectAudioAndOneEntry() throws Exception {
        String text = "Two sessions ask for this at the same moment.";
        byte[] reference = engineAudio(text);
        int sessions = 4;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                clients.add(TestClient.connect(port));
            }
            List<Future<byte[]>> results = new ArrayList<>();
            for (TestClient client : clients) {
                results.add(executor.submit(() -> client.synthesize("same", text).response("same").audio()));
            }
            for (Future<byte[]> result : results) {
                assertThat(java.util.Arrays.equals(result.get(60, TimeUnit.SECONDS), reference), is(true));
            }
        } finally {
            clients.forEach(TestClient::close);
            executor.shutdownNow();
        }
        assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        // The one entry holds what the engine produces (48 kHz), from which every client format is served.
        try (var entry = gateway.cache().lookup(key(text)).orElseThrow()) {
            assertThat(entry.audioBytes(), is((long) engineAudio(text, AudioFormat.pcm(48000)).length));
        }
        assertThat(TestGateways.count(TestGateways.temporaryFiles(gateway)), is(0L));
    }

    private static CacheKey key(String text) {
        return gateway.synthesizer().keyOf(request(text), gateway.synthesizer().providers().defaultProvider());
    }

    private static SynthesisRequest request(String text) {
        return new SynthesisRequest(text, null, null, AudioFormat.pcm(24000), Map.of());
    }

    /** The embedded engine's audio for a text, straight from the provider. */
    private static byte[] engineAudio(String text) throws Exception {
        return engineAudio(text, AudioFormat.pcm(24000));
    }

    private static byte[] engineAudio(String text, AudioFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioStream stream = gateway.synthesizer().providers().defaultProvider()
                .open(request(text).withFormat(format))) {
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                out.writeBytes(chunk);
            }
        }
        return out.toByteArray();
    }
}
