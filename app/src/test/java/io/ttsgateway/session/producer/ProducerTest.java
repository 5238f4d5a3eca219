package io.ttsgateway.session.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ttsgateway.ScriptedStream;
import io.ttsgateway.Threads;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.producer.ChunkBuffer.Event;
import io.ttsgateway.session.producer.ChunkBuffer.Kind;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.text.SegmentSchedule;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request's synthesis thread on its own, without a job or a session: segments in order into
 * the buffer, word timings in the request's time, failures through the buffer, and a stop that
 * ends a thread blocked at the provider.
 */
class ProducerTest {

    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);
    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);
    /** One second of 16-bit 16 kHz audio. */
    private static final int SECOND = 32_000;

    private final StreamsProvider provider = new StreamsProvider("scripted");
    private final ProviderSessions sessions = new ProviderSessions();
    private final Synthesizer synthesizer = new Synthesizer(
            new ProviderRegistry(List.of(provider), "scripted", List.of()), AudioCache.disabled(), METRICS, 0);
    private final ChunkBuffer buffer = new ChunkBuffer(1024 * 1024);
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void timingsOfEachSegmentAreToldInTheRequestsTime() throws Exception {
        TextFeed feed = TextFeed.streamed(SegmentSchedule.parse("1"), 10_000, Duration.ofMinutes(5));
        ScriptedStream one = provider.next().align(words("one", 0, 400));
        ScriptedStream two = provider.next().align(words("two", 100, 500));
        Producer producer = producer(feed, true);
        producer.start(synthesizer);
        feed.append("One. Two. ");
        feed.end();
        one.feed(new byte[SECOND]);
        one.end();
        two.feed(new byte[SECOND / 2]);
        two.end();

        List<Event> events = drain();
        assertEquals(List.of(Kind.ALIGNMENT, Kind.AUDIO, Kind.ALIGNMENT, Kind.AUDIO, Kind.END),
                     events.stream().map(Event::kind).toList());
        assertEquals(words("one", 0, 400), events.get(0).alignment());
        assertEquals(words("two", 1100, 1500), events.get(2).alignment(), "after the first second of audio");
        assertEquals("scripted", producer.source());
        assertTrue(synthesizer.awaitIdle(Threads.BOUND));
    }

    @Test
    void timingsAreLeftOutWhenNotAskedFor() throws Exception {
        provider.next().align(words("one", 0, 400)).feed(new byte[640]).end();
        producer(TextFeed.whole("One."), false).start(synthesizer);
        assertEquals(List.of(Kind.AUDIO, Kind.END), drain().stream().map(Event::kind).toList());
    }

    @Test
    void aProviderFailureWithNoFallbackFailsTheRequestThroughTheBuffer() throws Exception {
        provider.next().fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, "503"));
        producer(TextFeed.whole("One."), false).start(synthesizer);
        List<Event> events = drain();
        assertEquals(List.of(Kind.FAILED), events.stream().map(Event::kind).toList());
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, events.getFirst().error().code());
        assertTrue(events.getFirst().error().retryable());
    }

    @Test
    void stopEndsAThreadBlockedAtTheProvider() throws Exception {
        ScriptedStream stream = provider.next(); // never gives audio
        Producer producer = producer(TextFeed.whole("One."), false);
        assertFalse(producer.started());
        producer.start(synthesizer);
        assertTrue(producer.started());
        long deadline = System.nanoTime() + WAIT;
        while (stream.reads() == 0) { // until the thread is in the provider's read
            assertTrue(System.nanoTime() < deadline, "the producer never read");
            Thread.onSpinWait();
        }
        cancelled.set(true);
        producer.stop();
        assertTrue(stream.awaitClosed());
        assertTrue(synthesizer.awaitIdle(Threads.BOUND), "its source was released");
    }

    private Producer producer(TextFeed feed, boolean timestamps) {
        RequestSpec spec = new RequestSpec(StreamsProvider.PCM, null, null, Map.of(), timestamps);
        return new Producer("r1", spec, feed, buffer, provider, sessions, METRICS, RequestTrace.NONE, cancelled::get);
    }

    /** Takes events as the delivery thread does, up to and with the terminal one. */
    private List<Event> drain() throws InterruptedException {
        List<Event> events = new ArrayList<>();
        Event event;
        do {
            event = buffer.take(WAIT);
            events.add(event);
        } while (event.kind() == Kind.AUDIO || event.kind() == Kind.ALIGNMENT);
        return events;
    }

    private static WordAlignment words(String word, long startMs, long endMs) {
        return new WordAlignment(List.of(word), List.of(startMs), List.of(endMs));
    }
}
