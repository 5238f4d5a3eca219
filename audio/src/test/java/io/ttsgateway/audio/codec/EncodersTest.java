package io.ttsgateway.audio.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each encoder's output, fed in odd-sized chunks, decoded back by ffmpeg.
 */
class EncodersTest {

    private static final int RATE = 24000;
    private static final double TONE_HZ = 440;
    private static final double AMPLITUDE = 0.5;
    private static final double SECONDS = 2.0;
    /** Odd sizes, so chunks split samples. */
    private static final int[] CHUNKS = {1000, 777};

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "mp3,  mp3,       24000, audio/mpeg",
        "opus, opus,      48000, audio/ogg",
        "flac, flac,      24000, audio/flac",
        "wav,  pcm_s16le, 24000, audio/wav",
    })
    void decodesBackToTheTone(String format, String codec, int probedRate, String contentType) throws Exception {
        StreamingEncoder encoder = Encoders.create(format, RATE).orElseThrow();
        assertEquals(contentType, encoder.contentType());
        Decoded decoded = Decoded.of(write(format, encodeAll(encoder, tone()).toByteArray()));

        assertEquals(codec, decoded.codec());
        assertEquals(probedRate, decoded.sampleRate());
        assertEquals(1, decoded.channels());
        assertEquals(SECONDS, decoded.seconds(), SECONDS * 0.05, format + " duration");
        assertEquals(2 * TONE_HZ, decoded.zeroCrossingsPerSecond(), 2 * TONE_HZ * 0.02, format + " zero crossings");
        assertEquals(AMPLITUDE / Math.sqrt(2), decoded.middleRms(), 0.05, format + " RMS");
    }

    /** sox reads FLAC through libFLAC, the reference decoder, a second opinion to ffmpeg's own. */
    @ParameterizedTest
    @CsvSource({"flac", "wav"})
    void soxReadsTheWholeTone(String format) throws Exception {
        StreamingEncoder encoder = Encoders.create(format, RATE).orElseThrow();
        Path file = write(format, encodeAll(encoder, tone()).toByteArray());
        assertEquals(SECONDS, Decoded.soxSeconds(file), 1.0 / RATE, format + " length by sox");
    }

    /** What was sent before finish() is already a playable stream. */
    @ParameterizedTest
    @CsvSource({"mp3", "opus", "flac"})
    void outputBeforeFinishIsPlayable(String format) throws Exception {
        StreamingEncoder encoder = Encoders.create(format, RATE).orElseThrow();
        ByteArrayOutputStream sent = encodeChunks(encoder, tone());
        Decoded decoded = Decoded.of(write(format, sent.toByteArray()));
        assertTrue(decoded.seconds() > SECONDS * 0.8 && decoded.seconds() <= SECONDS * 1.05,
                format + " prefix decodes to " + decoded.seconds() + " s");
    }

    @Test
    void pcmPassesOddChunksThroughUnchanged() {
        byte[] pcm = tone();
        StreamingEncoder encoder = Encoders.create("pcm", RATE).orElseThrow();
        assertEquals("audio/pcm", encoder.contentType());
        assertArrayEquals(pcm, encodeAll(encoder, pcm).toByteArray());
    }

    @Test
    void aacAndUnknownFormatsAreNotOffered() {
        assertEquals(List.of("mp3", "opus", "flac", "wav", "pcm"), List.copyOf(Encoders.supported()));
        assertFalse(Encoders.supported().contains("aac"));
        assertTrue(Encoders.create("aac", RATE).isEmpty());
        assertTrue(Encoders.create("ogg", RATE).isEmpty());
        assertTrue(Encoders.create(null, RATE).isEmpty());
        assertTrue(Encoders.preferredRate("aac", RATE).isEmpty());
        assertTrue(Encoders.contentType("aac").isEmpty());
        assertEquals("audio/mpeg", Encoders.contentType("MP3").orElseThrow());
    }

    @Test
    void preferredRatesAreOnesTheEncoderTakes() {
        assertEquals(OptionalInt.of(24000), Encoders.preferredRate("opus", 22050));
        assertEquals(OptionalInt.of(48000), Encoders.preferredRate("opus", 44100));
        assertEquals(OptionalInt.of(16000), Encoders.preferredRate("opus", 16000));
        assertEquals(OptionalInt.of(22050), Encoders.preferredRate("mp3", 22050));
        assertEquals(OptionalInt.of(48000), Encoders.preferredRate("mp3", 96000));
        assertEquals(OptionalInt.of(44100), Encoders.preferredRate("flac", 44100));
        assertEquals(OptionalInt.of(24000), Encoders.preferredRate("pcm", 16000));
        for (String format : Encoders.supported()) {
            for (int rate : Set.of(8000, 16000, 22050, 24000, 44100, 48000)) {
                int preferred = Encoders.preferredRate(format, rate).orElseThrow();
                assertEquals(preferred, Encoders.create(format, preferred).orElseThrow().sampleRate());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Encoders.create("opus", 22050));
    }

    @Test
    void finishedEncodersRefuseMoreAudio() {
        for (String format : Encoders.supported()) {
            StreamingEncoder encoder = Encoders.create(format, RATE).orElseThrow();
            encoder.finish();
            assertThrows(IllegalStateException.class, () -> encoder.encode(new byte[2]), format);
            assertThrows(IllegalStateException.class, encoder::finish, format);
        }
    }

    /** Feeds the PCM in {@link #CHUNKS}-sized pieces, without finishing. */
    private static ByteArrayOutputStream encodeChunks(StreamingEncoder encoder, byte[] pcm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0, i = 0; offset < pcm.length; i++) {
            int length = Math.min(CHUNKS[i % CHUNKS.length], pcm.length - offset);
            out.writeBytes(encoder.encode(Arrays.copyOfRange(pcm, offset, offset + length)));
            offset += length;
        }
        return out;
    }

    private static ByteArrayOutputStream encodeAll(StreamingEncoder encoder, byte[] pcm) {
        ByteArrayOutputStream out = encodeChunks(encoder, pcm);
        out.writeBytes(encoder.finish());
        return out;
    }

    private static byte[] tone() {
        int count = (int) (RATE * SECONDS);
        byte[] pcm = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            short s = (short) Math.round(AMPLITUDE * Short.MAX_VALUE * Math.sin(2 * Math.PI * TONE_HZ * i / RATE));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    private Path write(String format, byte[] bytes) throws IOException {
        return Files.write(dir.resolve("tone." + format), bytes);
    }
}
