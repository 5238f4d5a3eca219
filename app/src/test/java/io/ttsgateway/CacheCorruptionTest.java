package io.ttsgateway;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A hit is verified as it streams: a corrupt entry fails its request and is gone, and the cache
 * holds up under lookups racing evictions. Tone provider, 60 ms of audio per character in 100 ms
 * chunks; a cache bound of a few entries.
 */
@ServerTest
class CacheCorruptionTest {

    private static final long MAX_BYTES = 200_000;

    private static Gateway gateway;
    private final int port;

    CacheCorruptionTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                    "CACHE_MAX_BYTES", String.valueOf(MAX_BYTES)));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void entryCorruptMidPayloadFailsThatRequestIsRemovedAndTheNextIsSynthesized() throws Exception {
        String text = "x".repeat(20); // 1.2 s of tone, 12 chunks
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Response original = client.synthesize("first", text).response("first");
            assertThat(original.start().path("source").asText(), is("tone"));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            Path entry = gateway.cache().entryPath(key(text));
            long corruptBefore = gateway.cache().corruptEntries();
            try (RandomAccessFile file = new RandomAccessFile(entry.toFile(), "rw")) {
                long middle = file.length() / 2;
                file.seek(middle);
                int b = file.read();
                file.seek(middle);
                file.write(b ^ 0x40);
            }

            TestClient.Response corrupt = client.synthesize("second", text).response("second");

            assertThat(corrupt.start().path("source").asText(), is("cache"));
            assertThat(corrupt.status(), is("failed"));
            assertThat(corrupt.done().path("error").path("code").asText(), is("synthesis_failed"));
            assertThat(corrupt.done().path("error").path("message").asText(), containsString("cached audio"));
            // Counted in bytes: frames follow SESSION_AUDIO_FRAME, and live frames coalesce by timing.
            assertThat("the last chunk waits for the checksum", corrupt.audio().length,
                       is(lessThan(original.audio().length)));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat("removed", Files.exists(entry), is(false));
            assertThat(gateway.cache().corruptEntries(), is(corruptBefore + 1));

            TestClient.Response again = client.synthesize("third", text).response("third");

            assertThat("a miss: synthesized again", again.start().path("source").asText(), is("tone"));
            assertThat(again.status(), is("completed"));
            assertThat(Arrays.equals(again.audio(), original.audio()), is(true));
            assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat("cached again", Files.exists(entry), is(true));
        }
    }

    @Test
    void concurrentHitsAndEvictionsNeverFailAndServeTheRightAudio() throws Exception {
        int texts = 10; // 0.5 to 1 s each, about 350 kB in all: several times the bound
        List<String> sentences = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < texts; i++) {
            sentences.add("y".repeat(8 + i));
            expected.add(toneAudio(sentences.get(i)));
        }
        long evictionsBefore = gateway.cache().evictions();
        long corruptBefore = gateway.cache().corruptEntries();
        int sessions = 6;
        int requests = 20;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<TestClient> clients = new ArrayList<>();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                TestClient client = TestClient.connect(port);
                clients.add(client);
                int offset = s;
                results.add(executor.submit(() -> {
                    int hits = 0;
                    for (int r = 0; r < requests; r++) {
                        int text = (offset * 3 + r * 7) % texts;
                        TestClient.Response response = client.synthesize("r" + r, sentences.get(text)).response("r" + r);
                        if (!response.status().equals("completed")
                                || !Arrays.equals(response.audio(), expected.get(text))) {
                            throw new AssertionError("request " + r + " of text " + text + ": " + response.done());
                        }
                        hits += response.start().path("source").asText().equals("cache") ? 1 : 0;
                    }
                    return hits;
                }));
            }
            int hits = 0;
            for (Future<Integer> result : results) {
                hits += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(hits, is(greaterThan(0)));
        } finally {
            clients.forEach(TestClient::close);
            executor.shutdownNow();
        }
        assertThat(gateway.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
        assertThat(gateway.cache().evictions(), is(greaterThan(evictionsBefore)));
        assertThat(gateway.cache().corruptEntries(), is(corruptBefore));
        assertThat(gateway.cache().sizeBytes() <= MAX_BYTES, is(true));
    }

    @Test
    void withCachingOffEveryRequestGoesToTheProviderAndNothingIsWritten() throws Exception {
        Gateway off = TestGateways.create(Map.of("TTS_PROVIDER", "tone", "CACHE_ENABLED", "false"));
        WebServerConfig.Builder builder = WebServer.builder().port(0).host("localhost");
        off.setup(builder);
        WebServer server = builder.build().start();
        try (TestClient client = TestClient.connect(server.port())) {
            assertThat(off.warmUp(), is(true));
            assertThat(off.cache().enabled(), is(false));
            TestClient.Response first = client.synthesize("a", "not cached").response("a");
            TestClient.Response second = client.synthesize("b", "not cached").response("b");

            assertThat(second.start().path("source").asText(), is("tone"));
            assertThat(second.status(), is("completed"));
            assertThat(Arrays.equals(second.audio(), first.audio()), is(true));
            assertThat(off.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat(TestGateways.count(off.config().cache().directory()), is(0L));
        } finally {
            server.stop();
            off.close();
        }
    }

    private static CacheKey key(String text) {
        return gateway.synthesizer().keyOf(request(text), gateway.synthesizer().providers().defaultProvider());
    }

    private static SynthesisRequest request(String text) {
        return new SynthesisRequest(text, null, null, AudioFormat.pcm(24000), Map.of());
    }

    private static byte[] toneAudio(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioStream stream = gateway.synthesizer().providers().defaultProvider().open(request(text))) {
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                out.writeBytes(chunk);
            }
        }
        return out.toByteArray();
    }
}
