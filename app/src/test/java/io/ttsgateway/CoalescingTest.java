package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Identical requests in flight at once share one provider stream: every request gets the whole
 * audio from the start, a request that leaves does not stop it for the others, and the provider is
 * stopped when the last one leaves. Against the OpenAI fake, which counts the requests it gets.
 */
@ServerTest
class CoalescingTest {

    private static final String KEY = "sk-coalescing-test";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger SENTENCES = new AtomicInteger();
    private static FakeOpenAi fake;
    private static Gateway gateway;

    private final int port;
    private final List<TestClient> clients = new ArrayList<>();

    CoalescingTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        fake = FakeOpenAi.start(KEY);
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "openai",
                                                    "OPENAI_API_KEY", KEY,
                                                    "OPENAI_BASE_URL", fake.baseUrl(),
                                                    "SESSION_MAX_SESSIONS", "100"));
    }

    @AfterAll
    static void close() {
        gateway.close();
        fake.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
        fake.behavior().firstChunkDelay(Duration.ofMillis(20)).chunkInterval(Duration.ofMillis(5))
                .chunks(FakeBehavior.DEFAULT_CHUNKS);
    }

    @Test
    void twentySessionsAskingOneNewSentenceAtOnceCostOneProviderRequest() throws Exception {
        // The provider answers after 300 ms: every request arrives while the first is in flight, or
        // finds its audio cached; neither reaches the provider.
        fake.behavior().firstChunkDelay(Duration.ofMillis(300)).chunks(10).chunkInterval(Duration.ofMillis(20));
        String text = sentence();
        int before = fake.requests().size();
        for (int i = 0; i < 20; i++) {
            clients.add(TestClient.connect(port));
        }

        clients.forEach(client -> client.synthesize("r", text));

        byte[] first = null;
        for (TestClient client : clients) {
            TestClient.Response response = client.response("r");
            assertThat(response.status(), is("completed"));
            if (first == null) {
                first = response.audio();
                assertThat(first.length, greaterThan(0));
            } else {
                assertArrayEquals(first, response.audio());
            }
        }
        assertThat(fake.requests().size() - before, is(1));
        assertThat(gateway.synthesizer().awaitIdle(WAIT), is(true));
        assertThat("the audio kept for joiners is given back", offHeapBytes(), is(0.0));
    }

    private double offHeapBytes() throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/metrics")).timeout(WAIT)
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("tts_coalesce_offheap_bytes")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no tts_coalesce_offheap_bytes in /observe/metrics");
    }

    @Test
    void aRequestThatLeavesDoesNotStopTheStreamForTheOthers() {
        fake.behavior().chunks(20).chunkInterval(Duration.ofMillis(50));
        String text = sentence();
        TestClient first = connect();
        TestClient second = connect();
        int before = fake.requests().size();
        int cancelsBefore = fake.events().count("cancel:");
        first.synthesize("a", text);
        awaitAudio(first);
        second.synthesize("b", text);
        FirstAudio joined = awaitAudio(second);

        // The request that opened the provider stream leaves; the one that joined it hears it all.
        first.cancel("a");
        TestClient.Response rest = second.response("b", joined.start());

        assertThat(rest.status(), is("completed"));
        assertThat(fake.requests().size() - before, is(1));
        assertThat(fake.events().count("cancel:"), is(cancelsBefore));
        TestClient.Response whole = connect().synthesize("c", text).response("c");
        assertThat(whole.start().path("source").asText(), is("cache"));
        byte[] heard = new byte[joined.audio().length + rest.audio().length];
        System.arraycopy(joined.audio(), 0, heard, 0, joined.audio().length);
        System.arraycopy(rest.audio(), 0, heard, joined.audio().length, rest.audio().length);
        assertArrayEquals(whole.audio(), heard);
    }

    @Test
    void theProviderStopsWhenTheLastRequestLeaves() throws InterruptedException {
        fake.behavior().chunks(100).chunkInterval(Duration.ofMillis(50));
        String text = sentence();
        TestClient first = connect();
        TestClient second = connect();
        first.synthesize("a", text);
        awaitAudio(first);
        second.synthesize("b", text);
        awaitAudio(second);

        int cancelsBefore = fake.events().count("cancel:");
        second.cancel("b");
        first.cancel("a");

        fake.events().awaitCount("cancel:", cancelsBefore + 1, WAIT);
    }

    private TestClient connect() {
        TestClient client = TestClient.connect(port);
        clients.add(client);
        return client;
    }

    private static String sentence() {
        return "Coalesced sentence number " + SENTENCES.incrementAndGet() + " of " + System.nanoTime() + ".";
    }

    private record FirstAudio(JsonNode start, byte[] audio) {
    }

    /** Reads a request's start and first audio frame. */
    private static FirstAudio awaitAudio(TestClient client) {
        JsonNode start = client.nextText().json();
        assertThat(start.path("action").asText(), is("start"));
        if (client.next() instanceof TestClient.Binary binary) {
            return new FirstAudio(start, binary.bytes());
        }
        throw new AssertionError("expected audio after start");
    }
}
