package io.ttsgateway.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.Threads;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ServerMessages.Status;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One request's buffer moved to the socket, without a producer: the test fills the buffer as a
 * synthesis thread would.
 */
class DeliveryTest {

    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);
    private static final TtsProvider TONE = new ToneProvider(
            new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(10), 440));
    private static final Duration STALL = Duration.ofMillis(100);

    private final RecordingSocket socket = new RecordingSocket();
    private final Outbound outbound = new Outbound(socket, 1 << 20, () -> { }, () -> { });
    private final ServerMessages messages = new ServerMessages(new ObjectMapper());
    private final Delivery delivery = new Delivery(outbound, messages, METRICS, STALL, PlayoutSettings.OFF);
    private final ProviderSessions sessions = new ProviderSessions();

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void theStartGoesBeforeTheFirstAudioThenEverythingInOrder() throws Exception {
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), true);
        WordAlignment hi = new WordAlignment(List.of("Hi"), List.of(0L), List.of(200L));
        job.buffer().put(new byte[10]);
        job.buffer().align(hi);
        job.buffer().put(new byte[20]);
        job.buffer().end();

        assertEquals(new Delivery.Outcome(Status.COMPLETED, null), delivery.deliver(job));
        assertEquals("text:" + messages.start("r1", "pcm_16000", "tone"), socket.next());
        assertEquals("binary:10", socket.next());
        assertEquals("text:" + messages.alignment("r1", hi), socket.next());
        assertEquals("binary:20", socket.next());
        assertNull(socket.poll(), "the done is the queue's to send");
    }

    @Test
    void framesAreCutOnWholeSamplesJoinWhatIsAtHandAndTimingsStayBetweenTheirAudio() throws Exception {
        // 10 ms of pcm_16000 per frame; a lead of an hour holds nothing back.
        Delivery framed = new Delivery(outbound, messages, METRICS, STALL,
                                       new PlayoutSettings(Duration.ofHours(1), Duration.ofMillis(10)));
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), true);
        WordAlignment hi = new WordAlignment(List.of("Hi"), List.of(0L), List.of(200L));
        job.buffer().put(new byte[1000]);
        job.buffer().align(hi);
        job.buffer().put(new byte[3]);
        job.buffer().put(new byte[700]);
        job.buffer().end();

        assertEquals(new Delivery.Outcome(Status.COMPLETED, null), framed.deliver(job));
        assertEquals("text:" + messages.start("r1", "pcm_16000", "tone"), socket.next());
        for (int length : new int[] {320, 320, 320, 40}) {
            assertEquals("binary:" + length, socket.next());
        }
        assertEquals("text:" + messages.alignment("r1", hi), socket.next());
        for (int length : new int[] {320, 320, 62, 1}) {
            assertEquals("binary:" + length, socket.next(), "3 and 700 bytes joined, cut on samples; the odd byte last");
        }
        assertNull(socket.poll());
    }

    @Test
    void aCancelWakesADeliveryHeldForPlaybackAndWhatWasHeldIsDropped() throws Exception {
        // A lead of one frame: after two 10 ms frames the delivery waits for playback.
        Delivery paced = new Delivery(outbound, messages, METRICS, Duration.ofMinutes(5),
                                      new PlayoutSettings(Duration.ofMillis(10), Duration.ofMillis(10)));
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), false);
        job.buffer().put(new byte[320 * 6000]); // a minute of audio in one chunk
        job.buffer().end();
        AtomicReference<Delivery.Outcome> outcome = new AtomicReference<>();
        Thread delivering = Thread.ofVirtual().start(() -> outcome.set(paced.deliver(job)));
        Threads.awaitParked(delivering);
        outbound.cancel(List.of(job));
        job.stop();
        Threads.awaitFinished(delivering);
        assertEquals(new Delivery.Outcome(Status.CANCELLED, null), outcome.get());
        assertEquals("text:" + messages.start("r1", "pcm_16000", "tone"), socket.next());
        int frames = 0;
        for (String frame; (frame = socket.poll()) != null; frames++) {
            assertEquals("binary:320", frame);
        }
        assertTrue(frames < 6000, "held audio was dropped, " + frames + " frames went");
    }

    @Test
    void theReplyAfterACancelledOneIsNotHeldForItsAudio() throws Exception {
        // Frames as large as chunks: the first chunk, 30 s of audio, goes at once and holds the next one.
        Delivery paced = new Delivery(outbound, messages, METRICS, Duration.ofMinutes(5),
                                      new PlayoutSettings(Duration.ofMillis(10), Duration.ofHours(1)));
        SynthesisJob first = job("r1", TextFeed.whole("Hi."), false);
        first.buffer().put(new byte[32_000 * 30]);
        first.buffer().put(new byte[320]);
        Thread delivering = Thread.ofVirtual().start(() -> paced.deliver(first));
        Threads.awaitParked(delivering);
        outbound.cancel(List.of(first));
        first.stop();
        Threads.awaitFinished(delivering);

        SynthesisJob next = job("r2", TextFeed.whole("Hi."), false);
        next.buffer().put(new byte[320]);
        next.buffer().end();
        AtomicReference<Delivery.Outcome> outcome = new AtomicReference<>();
        Thread second = Thread.ofVirtual().start(() -> outcome.set(paced.deliver(next)));
        Threads.awaitFinished(second); // held for the 30 s before it, it would take 30 s
        assertEquals(new Delivery.Outcome(Status.COMPLETED, null), outcome.get());
    }

    @Test
    void aFailureIsToldWithItsError() {
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), false);
        GatewayError error = GatewayError.of(ErrorCode.PROVIDER_UNAVAILABLE, "503");
        job.buffer().fail(error);
        assertEquals(new Delivery.Outcome(Status.FAILED, error), delivery.deliver(job));
    }

    @Test
    void aProviderThatSendsNothingForTheStallTimeoutFailsTheRequest() {
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), false);
        Delivery.Outcome outcome = delivery.deliver(job);
        assertEquals(Status.FAILED, outcome.status());
        assertEquals(ErrorCode.PROVIDER_TIMEOUT, outcome.error().code());
        assertTrue(job.isCancelled(), "its synthesis was stopped");
    }

    @Test
    void aStreamedRequestWaitingForTextIsNotStalled() throws Exception {
        TextFeed feed = TextFeed.streamed(SegmentSchedule.parse("1"), 10_000, Duration.ofMinutes(5));
        SynthesisJob job = job("r1", feed, false);
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                feed.next(); // as the synthesis thread waits for the client's text
            } catch (Exception e) {
                // stopped below
            }
        });
        Threads.awaitParked(waiting);
        Thread ending = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(STALL.multipliedBy(3)); // the time under test: three stall timeouts go by
            } catch (InterruptedException e) {
                return;
            }
            job.buffer().end();
        });
        assertEquals(Status.COMPLETED, delivery.deliver(job).status());
        Threads.awaitFinished(ending);
        job.stop();
        Threads.awaitFinished(waiting);
    }

    @Test
    void aCancelledRequestEndsCancelledWhateverItsBufferSays() {
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), false);
        outbound.cancel(List.of(job));
        job.buffer().end();
        assertEquals(new Delivery.Outcome(Status.CANCELLED, null), delivery.deliver(job));
    }

    @Test
    void aCacheHitIsFramedOnTheCallingThreadAndItsFileClosed() {
        Delivery framed = new Delivery(outbound, messages, METRICS, STALL,
                                       new PlayoutSettings(Duration.ofHours(1), Duration.ofMillis(10)));
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), false);
        CachedChunks hit = new CachedChunks(new byte[500], new byte[201]);

        assertEquals(new Delivery.Outcome(Status.COMPLETED, null), framed.deliverCached(job, hit, System.nanoTime()));
        assertEquals("text:" + messages.start("r1", "pcm_16000", "tone"), socket.poll());
        for (int length : new int[] {320, 180, 200, 1}) {
            assertEquals("binary:" + length, socket.poll(), "written before deliverCached returned");
        }
        assertNull(socket.poll());
        assertTrue(hit.closed);
        assertFalse(job.started(), "no synthesis thread");
    }

    @Test
    void aCacheHitFoundCorruptFailsTheRequestAfterWhatWentOut() {
        SynthesisJob job = job("r1", TextFeed.whole("Hi."), false);
        CachedChunks hit = new CachedChunks(new byte[10], null);

        Delivery.Outcome outcome = delivery.deliverCached(job, hit, System.nanoTime());
        assertEquals(Status.FAILED, outcome.status());
        assertEquals(ErrorCode.SYNTHESIS_FAILED, outcome.error().code());
        assertEquals("text:" + messages.start("r1", "pcm_16000", "tone"), socket.poll());
        assertEquals("binary:10", socket.poll());
        assertNull(socket.poll(), "the done is the queue's to send");
        assertTrue(hit.closed);
    }

    /** A cache entry of the job's format: its chunks, where a null one fails its check. */
    private static final class CachedChunks implements AudioSource {
        private final ArrayDeque<Optional<byte[]>> chunks = new ArrayDeque<>();
        private boolean closed;

        CachedChunks(byte[]... chunks) {
            for (byte[] chunk : chunks) {
                this.chunks.add(Optional.ofNullable(chunk));
            }
        }

        @Override
        public AudioFormat format() {
            return AudioFormat.pcm(16000);
        }

        @Override
        public byte[] read() throws ProviderException {
            Optional<byte[]> next = chunks.poll();
            if (next == null) {
                return null;
            }
            return next.orElseThrow(() -> new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, "corrupt"));
        }

        @Override
        public boolean cached() {
            return true;
        }

        @Override
        public void complete() {
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private SynthesisJob job(String id, TextFeed feed, boolean timestamps) {
        return new SynthesisJob(id, new RequestSpec(AudioFormat.pcm(16000), null, null, Map.of(), timestamps), feed,
                                TONE, sessions, METRICS, 1 << 20);
    }
}
