package io.ttsgateway.session.playout;

import java.time.Duration;

import io.ttsgateway.audio.AudioFormat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The clock on made-up times: {@code now} is given, nothing waits. */
class PlayoutClockTest {

    private static final AudioFormat PCM = AudioFormat.pcm(24000);
    /** 40 ms of {@link #PCM}. */
    private static final int FRAME = 1920;
    private static final long MS = 1_000_000L;

    private final PlayoutClock clock = new PlayoutSettings(Duration.ofSeconds(1), Duration.ofMillis(40)).clock();

    @Test
    void theLeadGoesAtOnceThenAFrameEveryFrameOfAudio() {
        long start = 5_000 * MS;
        int sent = 0;
        while (clock.waitNanos(start, FRAME, PCM) == 0) {
            clock.sent(start, FRAME, PCM);
            sent++;
        }
        assertEquals(25, sent, "1 s of lead, no more");
        assertEquals(40 * MS, clock.waitNanos(start, FRAME, PCM));
        assertEquals(0, clock.waitNanos(start + 40 * MS, FRAME, PCM));
        clock.sent(start + 40 * MS, FRAME, PCM);
        assertEquals(40 * MS, clock.waitNanos(start + 40 * MS, FRAME, PCM));
    }

    @Test
    void aClientThatRanDryIsNotOwedTheGap() {
        long start = 0;
        clock.sent(start, FRAME, PCM);
        long later = start + 10_000 * MS; // the provider paused 10 s
        int sent = 0;
        while (clock.waitNanos(later, FRAME, PCM) == 0) {
            clock.sent(later, FRAME, PCM);
            sent++;
        }
        assertEquals(25, sent, "one lead again, not 10 s");
    }

    @Test
    void aFrameLongerThanTheLeadWaitsOnlyUntilTheClientHasPlayedEverything() {
        int second = 48_000;
        clock.sent(0, 2 * second, PCM);
        assertEquals(2_000 * MS, clock.waitNanos(0, 2 * second, PCM));
        assertEquals(0, clock.waitNanos(2_000 * MS, 2 * second, PCM));
    }

    @Test
    void noLeadMeansNoWait() {
        PlayoutClock unpaced = PlayoutSettings.OFF.clock();
        for (int i = 0; i < 100; i++) {
            unpaced.sent(0, FRAME, PCM);
        }
        assertEquals(0, unpaced.waitNanos(0, FRAME, PCM));
    }
}
