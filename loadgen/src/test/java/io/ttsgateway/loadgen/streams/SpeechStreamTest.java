package io.ttsgateway.loadgen.streams;

import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.fakes.FakeOpenAiSpeechRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streams client against the OpenAI fake, on a real socket. */
class SpeechStreamTest {

    private static final String KEY = "test-key";
    private static final long BUFFER = Duration.ofMillis(200).toNanos();

    private FakeOpenAi fake;
    private HttpClient client;

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start(KEY);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private SpeechStream stream(String key) {
        return new SpeechStream(client, URI.create(fake.baseUrl()), key, "tts-1", "alloy", Duration.ofSeconds(10),
                BUFFER, StreamsOptions.BYTES_PER_SECOND);
    }

    @Test
    void readsTheWholePcmStreamAndAsksForPcm() throws InterruptedException {
        fake.behavior().firstChunkDelay(Duration.ZERO).chunkInterval(Duration.ofMillis(5)).chunks(5).chunkMillis(100);
        StreamResult result = stream(KEY).run("Hello there.");
        assertNull(result.failure());
        assertEquals(5 * 2400 * 2, result.audioBytes());
        assertTrue(result.ttfbNanos() >= 0 && result.ttfbNanos() <= result.totalNanos(), result.toString());
        assertEquals(0, result.stutters());
        FakeOpenAiSpeechRequest asked = fake.requests().getFirst();
        assertEquals("pcm", asked.responseFormat());
        assertEquals("Hello there.", asked.input());
    }

    @Test
    void countsTheStuttersOfAProviderSlowerThanRealTime() throws InterruptedException {
        // 20 ms of audio every 400 ms: playing starts 200 ms after the first chunk and runs dry 20 ms
        // later, long before each of the next two chunks.
        fake.behavior().firstChunkDelay(Duration.ZERO).chunkInterval(Duration.ofMillis(400)).chunks(3).chunkMillis(20);
        StreamResult result = stream(KEY).run("Slow.");
        assertNull(result.failure());
        assertEquals(2, result.stutters());
        assertTrue(result.silentNanos() > Duration.ofMillis(400).toNanos(), result.toString());
    }

    @Test
    void aRefusedKeyIsAFailureWithItsStatus() throws InterruptedException {
        StreamResult result = stream("wrong").run("Hello.");
        assertEquals("http-401", result.failure());
        assertEquals(0, result.audioBytes());
    }

    @Test
    void aRunStartsEveryStreamWithANewTextAndSumsThem() throws InterruptedException {
        fake.behavior().firstChunkDelay(Duration.ofMillis(20)).chunkInterval(Duration.ofMillis(20)).chunks(10)
                .chunkMillis(20);
        StreamsOptions options = StreamsOptions.parse("--url", fake.baseUrl(), "--streams", "8", "--api-key", KEY,
                "--label", "direct", "--warmup", "3", "--watch", "self=" + ProcessHandle.current().pid());
        StreamsSummary summary = StreamsRun.execute(options);
        assertEquals(8, summary.completed());
        assertEquals(8 * 10 * 960, summary.audioBytes());
        assertEquals(1.6, summary.audioSeconds(), 1e-9);
        assertEquals(0, summary.stutters());
        Set<String> texts = fake.requests().stream().map(FakeOpenAiSpeechRequest::input).collect(Collectors.toSet());
        // The warm-up's 3 streams are not in the summary; all 11 texts are new.
        assertEquals(11, texts.size());
        // Measured streams open connections of their own, as new callers do.
        assertEquals(11, fake.events().count("connect:"));
        ProcessUse self = summary.watched().getFirst();
        assertTrue(self.cpuNanos() > 0 && self.rssBeforeKib() > 0 && self.rssPeakKib() >= self.rssBeforeKib(),
                self.toString());
        String json = StreamsReport.json(summary);
        assertTrue(json.contains("\"selfCpuMs\":") && json.contains("\"selfRssPeakKib\":"), json);
        assertTrue(json.startsWith("RESULT {\"label\":\"direct\",\"streams\":8,\"completed\":8,\"failed\":0,"), json);
        assertTrue(StreamsReport.text(summary).contains("0 events, 0 of 8 streams"), StreamsReport.text(summary));
        assertTrue(List.of(json, StreamsReport.text(summary)).stream().noneMatch(s -> s.contains(KEY)));
    }
}
