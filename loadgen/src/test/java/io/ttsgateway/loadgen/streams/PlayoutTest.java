package io.ttsgateway.loadgen.streams;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlayoutTest {

    private static final long MS = 1_000_000L;
    /** 24 kHz 16-bit mono. */
    private static final long RATE = 48_000;
    /** 20 ms of audio. */
    private static final int CHUNK = 960;

    private static Playout listener() {
        return new Playout(200 * MS, RATE);
    }

    @Test
    void realTimeArrivalsNeverStutter() {
        Playout playout = listener();
        for (int i = 0; i < 500; i++) {
            playout.arrived(1_000 * MS + i * 20 * MS, CHUNK);
        }
        assertEquals(0, playout.stutters());
        assertEquals(0, playout.silentNanos());
    }

    @Test
    void arrivalsLateByLessThanTheBufferDoNotStutter() {
        Playout playout = listener();
        playout.arrived(0, CHUNK);
        // Playing starts at 200 ms and runs dry at 220 ms: this arrives just in time.
        playout.arrived(219 * MS, CHUNK);
        playout.arrived(240 * MS, CHUNK);
        assertEquals(0, playout.stutters());
    }

    @Test
    void anArrivalAfterPlayingRanDryIsOneStutter() {
        Playout playout = listener();
        playout.arrived(0, CHUNK);
        playout.arrived(221 * MS, CHUNK);
        assertEquals(1, playout.stutters());
        assertEquals(1 * MS, playout.silentNanos());
    }

    @Test
    void playingResumesWhenAudioArrivesAgain() {
        Playout playout = listener();
        playout.arrived(0, CHUNK);
        // Dry at 220 ms; resumes at 500 ms with 40 ms, dry at 540; the next arrives at 530: in time.
        playout.arrived(500 * MS, 2 * CHUNK);
        playout.arrived(530 * MS, CHUNK);
        assertEquals(1, playout.stutters());
        assertEquals(280 * MS, playout.silentNanos());
        assertEquals(560 * MS, playout.dryAt());
        // Then the provider stalls twice more.
        playout.arrived(900 * MS, CHUNK);
        playout.arrived(1_000 * MS, CHUNK);
        assertEquals(3, playout.stutters());
        assertEquals((280 + 340 + 80) * MS, playout.silentNanos());
        assertEquals(List.of(220 * MS, 560 * MS, 920 * MS), playout.dryTimes(), "when it ran dry each time");
    }

    @Test
    void aBurstThatArrivesBeforePlayingStartsNeverStutters() {
        Playout playout = listener();
        for (int i = 0; i < 100; i++) {
            playout.arrived(i * MS / 10, CHUNK);
        }
        assertEquals(0, playout.stutters());
        assertEquals(200 * MS + 2_000 * MS, playout.dryAt());
    }

    @Test
    void aSlowButSteadyStreamStuttersOncePerChunkOnceTheBufferIsSpent() {
        Playout playout = listener();
        // 20 ms of audio every 25 ms: 5 ms behind per chunk, so the 200 ms buffer lasts 40 chunks.
        for (int i = 0; i < 100; i++) {
            playout.arrived(i * 25 * MS, CHUNK);
        }
        // Chunk i arrives at 25i, due at 200 + 20i; later from i = 41 on: each is its own stutter,
        // because playing resumes with only that chunk.
        assertEquals(59, playout.stutters());
    }

    @Test
    void emptyReadsAreNotAudio() {
        Playout playout = listener();
        playout.arrived(0, CHUNK);
        playout.arrived(500 * MS, 0);
        assertEquals(0, playout.stutters());
        assertEquals(220 * MS, playout.dryAt());
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new Playout(200 * MS, 0));
    }
}
