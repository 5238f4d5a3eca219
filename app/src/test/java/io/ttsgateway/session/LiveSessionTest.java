package io.ttsgateway.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.common.buffers.BufferData;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.playout.PlayoutSettings;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ways an open connection ends: once, giving its slot back once; turned away as it opens;
 * going away at shutdown.
 */
class LiveSessionTest {

    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);
    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);
    private static final ToneProvider SLOW_TONE = new ToneProvider(
            new ToneSettings(Duration.ofMinutes(10), Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(10), 440));
    private static final SessionLimits LIMITS = new SessionLimits(
            100, 1024, 60, 4, 1, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(20), 10,
            SegmentSchedule.parse("1"), Duration.ofMinutes(5), Duration.ofSeconds(10), 1 << 20, PlayoutSettings.OFF);

    private final RecordingSocket socket = new RecordingSocket();
    private final ServerMessages messages = new ServerMessages(new ObjectMapper());
    private final AtomicInteger ends = new AtomicInteger();
    private final LiveSession session = new LiveSession(socket, new Synthesizer(
            new ProviderRegistry(List.of(SLOW_TONE), ToneProvider.NAME, List.of()), AudioCache.disabled(), METRICS, 0),
                                                        LIMITS, messages, METRICS, ended -> ends.incrementAndGet());

    @Test
    void endingStopsTheRequestsOnceAndGivesTheSlotBackOnce() {
        SynthesisJob job = new SynthesisJob("r1", new RequestSpec(AudioFormat.pcm(16000), null, null, Map.of(), false),
                                            TextFeed.whole("Hi."), SLOW_TONE, session.providerSessions(), METRICS,
                                            1 << 20);
        assertTrue(session.queue().submit(job));
        assertTrue(session.end());
        assertFalse(session.end());
        assertTrue(session.isEnded());
        assertEquals(1, ends.get());
        assertTrue(job.isCancelled(), "its synthesis was stopped");
        assertFalse(session.queue().submit(job), "an ended session takes no request");
    }

    @Test
    void aTurnedAwaySessionSaysWhyClosesWith1013AndHeldNoSlot() throws Exception {
        session.turnAway("{\"action\":\"error\"}", "full");
        assertEquals("text:{\"action\":\"error\"}", socket.next());
        assertEquals("close:1013", socket.next());
        assertTrue(session.isEnded());
        assertFalse(session.end());
        assertEquals(0, ends.get());
    }

    @Test
    void goingAwayClosesWith1001AndEndsTheSession() throws Exception {
        session.goAway();
        assertEquals("close:1001", socket.next());
        assertTrue(session.awaitClosed(WAIT));
        assertTrue(session.socketClosed());
        assertEquals(1, ends.get());
    }

    @Test
    void pingsAndPongsGoOutAndTheClientIsHeard() throws Exception {
        long before = System.nanoTime();
        session.heard();
        assertTrue(session.silentNanos(System.nanoTime()) <= System.nanoTime() - before);
        session.ping();
        session.pong(BufferData.create(new byte[3]));
        assertEquals("ping", socket.next());
        assertEquals("pong:3", socket.next());
        // The writer marks the queue empty just after its last write reached the socket.
        long deadline = System.nanoTime() + WAIT;
        while (session.writeStalledNanos(System.nanoTime()) != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, session.writeStalledNanos(System.nanoTime()), "nothing waits for the socket");
        assertNull(socket.poll());
        session.end();
    }
}
