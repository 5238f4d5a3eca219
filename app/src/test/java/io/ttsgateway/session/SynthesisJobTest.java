package io.ttsgateway.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ttsgateway.ScriptedStream;
import io.ttsgateway.Threads;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderCapabilities;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.producer.ChunkBuffer.Event;
import io.ttsgateway.session.producer.ChunkBuffer.Kind;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One request's synthesis without a server: a {@link Synthesizer} over the tone provider and a
 * provider the test scripts, no cache, and the request's {@link ChunkBuffer} read by the test as
 * the delivery thread would.
 */
class SynthesisJobTest {

    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);
    private static final AudioFormat PCM = AudioFormat.pcm(16000);
    /** Tone: 10 ms of audio per character, 16 kHz 16-bit, so 320 bytes per character. */
    private static final int BYTES_PER_CHARACTER = 320;
    private static final TtsProvider TONE = new ToneProvider(
            new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(10), 440));
    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);

    private final ScriptedProvider scripted = new ScriptedProvider();
    private final ProviderSessions sessions = new ProviderSessions();
    private Synthesizer synthesizer;

    @AfterEach
    void closeSessions() {
        sessions.close();
    }

    @Test
    void aWholeTextIsAudioThenTheEnd() throws Exception {
        SynthesisJob job = start(TONE, TextFeed.whole("Hello there."), TONE, scripted);
        List<Event> events = drain(job);
        assertEquals(Kind.END, events.getLast().kind());
        assertTrue(events.size() > 2, "the tone comes in 20 ms chunks");
        assertEquals(Set.of(Kind.AUDIO), kinds(events.subList(0, events.size() - 1)));
        assertEquals(12 * BYTES_PER_CHARACTER, audioBytes(events));
        assertEquals("tone", job.source());
        assertTrue(synthesizer.awaitIdle(Threads.BOUND), "the provider stream was closed");
    }

    @Test
    void aStreamedTextIsTheAudioOfEachSegmentThenTheEnd() throws Exception {
        TextFeed feed = TextFeed.streamed(SegmentSchedule.parse("1"), 10_000, Duration.ofMinutes(5));
        SynthesisJob job = start(TONE, feed, TONE, scripted);
        feed.append("Hello. World. ");
        feed.append("Bye");
        feed.end();
        List<Event> events = drain(job);
        assertEquals(Kind.END, events.getLast().kind());
        assertEquals(Set.of(Kind.AUDIO), kinds(events.subList(0, events.size() - 1)));
        assertEquals(("Hello." + "World." + "Bye").length() * BYTES_PER_CHARACTER, audioBytes(events));
        assertTrue(synthesizer.awaitIdle(Threads.BOUND));
    }

    @Test
    void cancelEndsTheRequestAndClosesTheProviderStream() throws Exception {
        SynthesisJob job = start(scripted, TextFeed.whole("Hello."), scripted, TONE);
        scripted.stream.feed(new byte[640]);
        assertEquals(Kind.AUDIO, job.buffer().take(WAIT).kind());

        job.stop(); // what cancel does after marking the job under the socket's lock
        assertTrue(job.isCancelled());
        assertEquals(Kind.CANCELLED, job.buffer().take(WAIT).kind());
        assertTrue(scripted.stream.awaitClosed());
        assertTrue(synthesizer.awaitIdle(Threads.BOUND), "the source was closed and released");
    }

    @Test
    void cancelStopsAProducerHeldByAFullBuffer() throws Exception {
        SynthesisJob job = start(scripted, TextFeed.whole("Hello."), scripted, TONE, 640);
        scripted.stream.feed(new byte[640], new byte[640], new byte[640]);
        assertEquals(Kind.AUDIO, job.buffer().take(WAIT).kind()); // the third chunk finds the buffer full
        job.stop();
        assertEquals(Kind.CANCELLED, job.buffer().take(WAIT).kind());
        assertTrue(scripted.stream.awaitClosed());
        assertTrue(synthesizer.awaitIdle(Threads.BOUND));
    }

    @Test
    void aRetryableFailureBeforeTheFirstByteFallsBackToTheNextProvider() throws Exception {
        scripted.stream.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, "503"));
        SynthesisJob job = start(scripted, TextFeed.whole("Hello there."), scripted, TONE);
        List<Event> events = drain(job);
        assertEquals(Kind.END, events.getLast().kind());
        assertEquals(Set.of(Kind.AUDIO), kinds(events.subList(0, events.size() - 1)));
        assertEquals(12 * BYTES_PER_CHARACTER, audioBytes(events), "all of it, from the tone provider");
        assertTrue(scripted.stream.isClosed(), "the failed stream was closed");
        assertTrue(synthesizer.awaitIdle(Threads.BOUND));
    }

    @Test
    void afterAFallbackTheSourceIsTheProviderThatMadeTheAudio() throws Exception {
        scripted.stream.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, "503"));
        SynthesisJob job = start(scripted, TextFeed.whole("Hello there."), scripted, TONE);
        assertEquals(Kind.AUDIO, job.buffer().take(WAIT).kind());
        assertEquals("tone", job.source(), "what the start message sent with the first audio says");
    }

    @Test
    void aProviderThatCannotOpenFallsBackToo() throws Exception {
        scripted.refusal = new ProviderException(ProviderErrorKind.TIMEOUT, "no answer");
        SynthesisJob job = start(scripted, TextFeed.whole("Hi."), scripted, TONE);
        List<Event> events = drain(job);
        assertEquals(Kind.END, events.getLast().kind());
        assertEquals(3 * BYTES_PER_CHARACTER, audioBytes(events));
        assertEquals("tone", job.source());
    }

    @Test
    void aFailureThatIsNotRetryableDoesNotFallBack() throws Exception {
        scripted.stream.fail(new ProviderException(ProviderErrorKind.INVALID_REQUEST, "unknown voice"));
        SynthesisJob job = start(scripted, TextFeed.whole("Hello."), scripted, TONE);
        List<Event> events = drain(job);
        assertEquals(List.of(Kind.FAILED), events.stream().map(Event::kind).toList());
        assertEquals(ErrorCode.INVALID_REQUEST, events.getLast().error().code());
    }

    @Test
    void afterAudioAFailureEndsTheRequestWithoutFallback() throws Exception {
        ScriptedProvider spare = new ScriptedProvider("spare");
        byte[] chunk = new byte[640];
        scripted.stream.feed(chunk);
        scripted.stream.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, "dropped"));
        SynthesisJob job = start(scripted, TextFeed.whole("Hello."), scripted, spare);
        List<Event> events = drain(job);
        assertEquals(List.of(Kind.AUDIO, Kind.FAILED), events.stream().map(Event::kind).toList());
        assertEquals(chunk.length, events.getFirst().chunk().length);
        assertEquals(ErrorCode.PROVIDER_UNAVAILABLE, events.getLast().error().code());
        assertEquals(0, spare.opens.get(), "the client must not hear the start twice");
        assertTrue(scripted.stream.isClosed());
    }

    private SynthesisJob start(TtsProvider provider, TextFeed feed, TtsProvider first, TtsProvider second) {
        return start(provider, feed, first, second, 1024 * 1024);
    }

    /** Starts a job on {@code provider}; the registry falls back from {@code first} to {@code second}. */
    private SynthesisJob start(TtsProvider provider, TextFeed feed, TtsProvider first, TtsProvider second,
                               long bufferBytes) {
        ProviderRegistry registry = new ProviderRegistry(List.of(first, second), first.name(),
                                                         List.of(first.name(), second.name()));
        synthesizer = new Synthesizer(registry, AudioCache.disabled(), METRICS, 0);
        SynthesisJob job = new SynthesisJob("r1", new RequestSpec(PCM, null, null, Map.of(), false), feed,
                                            provider, sessions, METRICS, bufferBytes);
        job.start(synthesizer);
        return job;
    }

    /** Takes events as the delivery thread does, up to and with the terminal one. */
    private static List<Event> drain(SynthesisJob job) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        Event event;
        do {
            event = job.buffer().take(WAIT);
            events.add(event);
        } while (event.kind() == Kind.AUDIO || event.kind() == Kind.ALIGNMENT);
        return events;
    }

    private static Set<Kind> kinds(List<Event> events) {
        return Set.copyOf(events.stream().map(Event::kind).toList());
    }

    private static int audioBytes(List<Event> events) {
        return events.stream().filter(e -> e.kind() == Kind.AUDIO).mapToInt(e -> e.chunk().length).sum();
    }

    /** A provider whose one stream the test scripts, or that refuses to open. */
    private static final class ScriptedProvider implements TtsProvider {
        private final String name;
        private final ScriptedStream stream = new ScriptedStream(PCM);
        private final AtomicInteger opens = new AtomicInteger();
        private volatile ProviderException refusal;

        ScriptedProvider() {
            this("scripted");
        }

        ScriptedProvider(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ProviderCapabilities capabilities() {
            return new ProviderCapabilities(Set.of(PCM), false, false, Integer.MAX_VALUE);
        }

        @Override
        public AudioStream open(SynthesisRequest request) throws ProviderException {
            opens.incrementAndGet();
            if (refusal != null) {
                throw refusal;
            }
            return stream;
        }
    }
}
