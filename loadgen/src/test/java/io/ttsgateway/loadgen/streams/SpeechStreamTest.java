package io.ttsgateway.loadgen.streams;

import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.fakes.FakeOpenAiSpeechRequest;
import java.net.URI;
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

/** The streams client against the OpenAI fake and a scripted server, on real sockets. */
class SpeechStreamTest {

    private static final String KEY = "test-key";
    private static final long BUFFER = Duration.ofMillis(200).toNanos();

    private FakeOpenAi fake;

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start(KEY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private SpeechStream stream(String key) {
        return new SpeechStream(URI.create(fake.baseUrl()), key, "tts-1", "alloy", Duration.ofSeconds(10),
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
    void theFirstByteIsTheFirstBodyByteNotTheHead() throws InterruptedException {
        // The fake sends its status and headers at once and the first chunk 300 ms later.
        fake.behavior().firstChunkDelay(Duration.ofMillis(300)).chunkInterval(Duration.ZERO).chunks(2).chunkMillis(20);
        StreamResult result = stream(KEY).run("Late.");
        assertNull(result.failure());
        assertTrue(result.ttfbNanos() >= Duration.ofMillis(300).toNanos(), result.toString());
    }

    @Test
    void aProviderThatCutsTheConnectionMidBodyIsAFailureAfterItsAudio() throws InterruptedException {
        fake.behavior().firstChunkDelay(Duration.ZERO).chunks(5).chunkMillis(20).failNext(FakeBehavior.Failure.DROP_MID_STREAM);
        StreamResult result = stream(KEY).run("Cut.");
        assertEquals("closed-mid-body", result.failure());
        assertEquals(960, result.audioBytes());
        assertTrue(result.ttfbNanos() >= 0, result.toString());
    }

    @Test
    void aStalledProviderEndsAtTheTimeout() throws InterruptedException {
        fake.behavior().firstChunkDelay(Duration.ZERO).chunks(5).chunkMillis(20)
                .failNext(FakeBehavior.Failure.STALL_MID_STREAM);
        StreamResult result = new SpeechStream(URI.create(fake.baseUrl()), KEY, "tts-1", "alloy", Duration.ofMillis(300),
                BUFFER, StreamsOptions.BYTES_PER_SECOND).run("Stall.");
        assertEquals("timeout", result.failure());
        assertEquals(960, result.audioBytes());
    }

    @Test
    void readsAContentLengthBody() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.start("HTTP/1.1 200 OK\r\nContent-Length: 9600\r\n\r\n",
                new byte[4800], new byte[4800])) {
            StreamResult result = scripted(server).run("Hello.");
            assertNull(result.failure());
            assertEquals(9600, result.audioBytes());
        }
    }

    @Test
    void aContentLengthBodyCutShortIsAFailure() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.start("HTTP/1.1 200 OK\r\nContent-Length: 9600\r\n\r\n",
                new byte[4800])) {
            StreamResult result = scripted(server).run("Hello.");
            assertEquals("closed-mid-body", result.failure());
            assertEquals(4800, result.audioBytes());
        }
    }

    @Test
    void anErrorWithABodyIsAFailureWithItsStatusAndNoAudio() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.start(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")) {
            StreamResult result = scripted(server).run("Hello.");
            assertEquals("http-503", result.failure());
            assertEquals(0, result.audioBytes());
            assertEquals(-1, result.ttfbNanos());
        }
    }

    @Test
    void aServerThatIsNotThereIsRefused() throws Exception {
        URI gone;
        try (ScriptedHttpServer server = ScriptedHttpServer.start("")) {
            gone = server.baseUrl();
        }
        StreamResult result = new SpeechStream(gone, null, "tts-1", "alloy", Duration.ofSeconds(5), BUFFER,
                StreamsOptions.BYTES_PER_SECOND).run("Hello.");
        assertEquals("refused", result.failure());
    }

    @Test
    void aHostThatDoesNotResolveIsEachStreamsFailureNotTheRunsEnd() throws Exception {
        SpeechStream stream = new SpeechStream(URI.create("http://no-such-host.invalid/v1"), null, "tts-1", "alloy",
                Duration.ofSeconds(5), BUFFER, StreamsOptions.BYTES_PER_SECOND);
        List<StreamResult> results = stream.run(List.of("One.", "Two."));
        assertEquals(2, results.size());
        for (StreamResult result : results) {
            assertEquals("UnresolvedAddressException", result.failure());
            assertEquals(-1, result.ttfbNanos());
        }
    }

    private static SpeechStream scripted(ScriptedHttpServer server) {
        return new SpeechStream(server.baseUrl(), null, "tts-1", "alloy", Duration.ofSeconds(10), BUFFER,
                StreamsOptions.BYTES_PER_SECOND);
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
