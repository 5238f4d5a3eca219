package io.ttsgateway.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.Threads;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.CacheSettings;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.usage.RequestMeter;
import io.ttsgateway.usage.Usage;
import io.ttsgateway.usage.UsageLedger;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests of one session against a socket that reads everything: answered in order, audio
 * never interleaved, only the lookahead synthesized ahead, cancels and the close.
 */
class RequestQueueTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);
    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);

    private final RecordingSocket socket = new RecordingSocket();
    private final Outbound outbound = new Outbound(socket, 1 << 20, () -> { }, () -> { });
    private final ProviderSessions sessions = new ProviderSessions();
    private TtsProvider provider;
    private RequestQueue queue;

    @AfterEach
    void close() {
        queue.close();
        sessions.close();
    }

    @Test
    void aRequestIsCountedBeforeItsDoneIsWritten() throws Exception {
        queue = queue(tone(Duration.ZERO), 1);
        try (UsageLedger ledger = UsageLedger.inMemory()) {
            RequestMeter meter = new RequestMeter(ledger, "k", provider.name(), AudioFormat.pcm(16000));
            meter.characters(3);
            List<Long> requestsWhenDone = new ArrayList<>();
            socket.onText(text -> {
                if (text.contains("\"done\"")) {
                    requestsWhenDone.add(ledger.report().totals().values().stream().mapToLong(Usage::requests).sum());
                }
            });
            assertTrue(queue.submit(new SynthesisJob("a", new RequestSpec(AudioFormat.pcm(16000), null, null, Map.of(),
                                                                          false),
                                                     TextFeed.whole("Hi."), provider, sessions, METRICS, 1 << 20,
                                                     meter, RequestTrace.NONE)));
            while (!socket.nextText().contains("\"done\"")) {
                // the start, then the done
            }
            // A shutdown right after the done must find the request in the ledger.
            assertEquals(List.of(1L), requestsWhenDone);
        }
    }

    @Test
    void requestsAreAnsweredInTheOrderSentWithTheirAudioBetweenTheirStartAndDone() throws Exception {
        queue = queue(tone(Duration.ZERO), 1);
        List<SynthesisJob> jobs = List.of(job("a", "Hello there."), job("b", "Hi."), job("c", "Bye now."));
        jobs.forEach(job -> assertTrue(queue.submit(job)));

        List<String> told = new ArrayList<>();
        String open = null;
        while (told.size() < 6) {
            String frame = socket.next();
            if (frame.startsWith("binary:")) {
                assertTrue(open != null, "audio only between a start and its done");
                continue;
            }
            JsonNode message = MAPPER.readTree(frame.substring("text:".length()));
            String id = message.path("requestId").asText();
            told.add(message.path("action").asText() + " " + id);
            open = message.path("action").asText().equals("start") ? id : null;
        }
        assertEquals(List.of("start a", "done a", "start b", "done b", "start c", "done c"), told);
        assertTrue(queue.awaitEmpty(WAIT));
        assertFalse(queue.contains("a"), "an answered id is free again");
    }

    @Test
    void onlyTheLookaheadIsSynthesizedAheadOfTheHead() throws Exception {
        queue = queue(tone(Duration.ofMinutes(10)), 1);
        SynthesisJob a = job("a", "One.");
        SynthesisJob b = job("b", "Two.");
        SynthesisJob c = job("c", "Three.");
        List.of(a, b, c).forEach(queue::submit);
        // The head is the delivery thread's: it looks in the cache, then starts the synthesis of a miss.
        awaitTrue(a::started, "the head is synthesized");
        assertTrue(b.started(), "one request synthesizes ahead");
        assertFalse(c.started());
        assertEquals(3, queue.size());

        queue.cancel("a");
        assertEquals(done("a", "cancelled"), socket.nextText());
        awaitTrue(c::started, "the window moved on when the head was answered");
        assertEquals(2, queue.size());
    }

    @Test
    void cancelAllAnswersEveryRequestCancelledInOrder() throws Exception {
        queue = queue(tone(Duration.ofMinutes(10)), 0);
        List.of(job("a", "One."), job("b", "Two."), job(null, "Three.")).forEach(queue::submit);
        queue.cancelAll();
        assertEquals(done("a", "cancelled"), socket.nextText());
        assertEquals(done("b", "cancelled"), socket.nextText());
        assertEquals(done(null, "cancelled"), socket.nextText());
        assertTrue(queue.awaitEmpty(WAIT));
    }

    @Test
    void anUnknownIdIsIgnoredByCancel() throws Exception {
        queue = queue(tone(Duration.ZERO), 0);
        queue.cancel("nobody");
        queue.submit(job("a", "Hi."));
        assertEquals("start", MAPPER.readTree(socket.nextText().substring(5)).path("action").asText());
        assertEquals(done("a", "completed"), socket.nextText());
    }

    @Test
    void aClosedQueueStopsItsRequestsWithoutWritingAndTakesNoMore() throws Exception {
        queue = queue(tone(Duration.ofMinutes(10)), 1);
        SynthesisJob a = job("a", "One.");
        queue.submit(a);
        queue.close();
        assertTrue(a.isCancelled());
        assertFalse(queue.submit(job("b", "Two.")));
        assertNull(queue.find("b"));
    }

    @Test
    void aCacheHitAtTheHeadIsServedWithoutASynthesisThread(@TempDir Path directory) throws Exception {
        try (AudioCache cache = AudioCache.open(new CacheSettings(directory, 1 << 20, 1 << 20))) {
            Synthesizer synthesizer = synthesizer(tone(Duration.ZERO), cache);
            queue = queue(synthesizer, 0);
            SynthesisJob miss = job("a", "Hi.");
            queue.submit(miss);
            assertEquals("tone", MAPPER.readTree(socket.nextText().substring(5)).path("source").asText());
            assertEquals(done("a", "completed"), socket.nextText());
            assertTrue(miss.started(), "a miss is synthesized on its own thread");
            assertTrue(synthesizer.awaitIdle(Threads.BOUND), "its audio is in the cache");

            SynthesisJob hit = job("b", "Hi.");
            queue.submit(hit);
            assertEquals("text:" + new ServerMessages(MAPPER).start("b", "pcm_16000", "cache"), socket.next());
            assertTrue(socket.next().startsWith("binary:"), "audio follows its start");
            assertEquals(done("b", "completed"), socket.nextText());
            assertFalse(hit.started(), "the hit went from the file to the socket on the delivery thread");
            assertTrue(synthesizer.awaitIdle(Threads.BOUND), "the cache file was closed");
        }
    }

    private RequestQueue queue(TtsProvider provider, int lookahead) {
        return queue(synthesizer(provider, AudioCache.disabled()), lookahead);
    }

    private static Synthesizer synthesizer(TtsProvider provider, AudioCache cache) {
        return new Synthesizer(new ProviderRegistry(List.of(provider), provider.name(), List.of()), cache, METRICS, 0);
    }

    private RequestQueue queue(Synthesizer synthesizer, int lookahead) {
        return new RequestQueue(synthesizer, outbound, new ServerMessages(MAPPER), METRICS, lookahead,
                                Duration.ofSeconds(30), PlayoutSettings.OFF);
    }

    private SynthesisJob job(String id, String text) {
        return new SynthesisJob(id, new RequestSpec(AudioFormat.pcm(16000), null, null, Map.of(), false),
                                TextFeed.whole(text), provider, sessions, METRICS, 1 << 20);
    }

    /** The tone provider the queue's requests use; a long first-byte delay keeps them in flight. */
    private TtsProvider tone(Duration firstByteDelay) {
        provider = new ToneProvider(new ToneSettings(firstByteDelay, Duration.ZERO, Duration.ofMillis(20),
                                                     Duration.ofMillis(10), 440));
        return provider;
    }

    private static String done(String id, String status) throws Exception {
        return "text:" + new ServerMessages(MAPPER).done(id, ServerMessages.Status.valueOf(status.toUpperCase()), null);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Threads.BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.onSpinWait();
        }
    }
}
