package io.ttsgateway.session.playout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioFramerTest {

    private static final PlayoutSettings FORTY_MS = new PlayoutSettings(Duration.ofSeconds(1), Duration.ofMillis(40));

    @Test
    void aFrameIsTheConfiguredAudioInWholeSamples() {
        assertEquals(1920, FORTY_MS.frameBytes(AudioFormat.pcm(24000)));
        assertEquals(1764, FORTY_MS.frameBytes(AudioFormat.pcm(22050)));
        assertEquals(320, FORTY_MS.frameBytes(AudioFormat.parse("ulaw_8000")));
        assertEquals(3840, FORTY_MS.frameBytes(AudioFormat.parse("wav_48000")));
        assertEquals(2, new PlayoutSettings(Duration.ZERO, Duration.ofNanos(1)).frameBytes(AudioFormat.pcm(8000)),
                     "at least one sample");
        assertEquals(0, PlayoutSettings.OFF.frameBytes(AudioFormat.pcm(24000)));
    }

    @Test
    void aLargeChunkIsCutIntoFramesAndTheRestGoesAtOnce() {
        AudioFramer framer = new AudioFramer(AudioFormat.pcm(24000), 1920);
        byte[] sentence = sequence(5000);
        framer.add(sentence);
        List<byte[]> frames = drain(framer);
        assertEquals(List.of(1920, 1920, 1160), lengths(frames));
        assertArrayEquals(sentence, join(frames));
        assertNull(framer.rest());
    }

    @Test
    void framesEndOnWholeSamplesOfTheStreamAndTheOddByteWaitsForTheNextChunk() {
        AudioFramer framer = new AudioFramer(AudioFormat.pcm(16000), 320);
        framer.add(sequence(3));
        assertEquals(List.of(2), lengths(drain(framer)));
        assertFalse(framer.hasFrame(), "half a sample is no frame");
        framer.add(new byte[] {9, 9, 9});
        assertEquals(List.of(4), lengths(drain(framer)), "the odd byte goes with the next sample");
        assertNull(framer.next());
        framer.add(new byte[] {7});
        assertArrayEquals(new byte[] {7}, framer.rest(), "at the end, what is left goes");
    }

    @Test
    void smallChunksAtHandJoinUpToAFrame() {
        AudioFramer framer = new AudioFramer(AudioFormat.parse("ulaw_8000"), 320);
        framer.add(new byte[100]);
        assertTrue(framer.wantsMore());
        framer.add(new byte[100]);
        framer.add(new byte[300]);
        assertFalse(framer.wantsMore());
        assertEquals(List.of(320, 180), lengths(drain(framer)), "G.711: any byte is a sample");
    }

    @Test
    void aWavHeaderCountsInTheFirstFrame() {
        AudioFramer framer = new AudioFramer(AudioFormat.parse("wav_8000"), 640);
        framer.add(sequence(44 + 1001));
        assertEquals(List.of(640, 404), lengths(drain(framer)), "header and samples, cut on a sample");
        assertEquals(1, framer.rest().length);
    }

    @Test
    void withoutFramesChunksGoAsTheyCame() {
        AudioFramer framer = new AudioFramer(AudioFormat.pcm(24000), 0);
        byte[] odd = sequence(4801);
        framer.add(odd);
        assertFalse(framer.wantsMore());
        assertSame(odd, framer.next());
        assertNull(framer.next());
    }

    private static List<byte[]> drain(AudioFramer framer) {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] frame; (frame = framer.next()) != null; ) {
            frames.add(frame);
        }
        return frames;
    }

    private static List<Integer> lengths(List<byte[]> frames) {
        return frames.stream().map(frame -> frame.length).toList();
    }

    private static byte[] sequence(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] join(List<byte[]> frames) {
        byte[] all = new byte[frames.stream().mapToInt(frame -> frame.length).sum()];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, all, at, frame.length);
            at += frame.length;
        }
        return all;
    }
}
