package io.ttsgateway.session.producer;

import java.util.List;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.WordAlignment;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Word timings of each segment told in the time of the whole request.
 */
class TimelineTest {

    private static final AudioFormat PCM_16K = AudioFormat.pcm(16000);
    private static final WordAlignment HELLO = new WordAlignment(List.of("hello", "there"), List.of(0L, 300L),
                                                                  List.of(250L, 600L));

    @Test
    void theFirstSegmentsTimingsAreKept() {
        assertSame(HELLO, new Timeline().shift(HELLO));
    }

    @Test
    void laterSegmentsStartWhereTheAudioBeforeThemEnded() {
        Timeline timeline = new Timeline();
        timeline.advance(32_000, PCM_16K); // 1 s of 16-bit 16 kHz
        timeline.advance(8_000, PCM_16K); // 250 ms
        WordAlignment shifted = timeline.shift(HELLO);
        assertEquals(HELLO.words(), shifted.words());
        assertEquals(List.of(1250L, 1550L), shifted.startMs());
        assertEquals(List.of(1500L, 1850L), shifted.endMs());
    }

    @Test
    void theOffsetIsRoundedOnceNotPerSegment() {
        Timeline timeline = new Timeline();
        for (int i = 0; i < 3; i++) {
            timeline.advance(10, PCM_16K); // 0.3125 ms each: nothing alone, about 1 ms together
        }
        assertEquals(List.of(1L, 301L), timeline.shift(HELLO).startMs());
    }
}
