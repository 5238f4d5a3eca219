package io.ttsgateway.fakes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fake Cartesia's audio in each raw encoding it streams: the {@link FakeAudio} tone, so a test
 * can compare what arrived with {@link FakeAudio#pcm} or {@link FakeAudio#muLaw}.
 */
final class CartesiaFakeAudio {

    /** Upper ends of the A-law segments, on 13-bit magnitudes (ITU-T G.711, as in Sun's g711.c). */
    private static final int[] ALAW_SEGMENT_ENDS = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private CartesiaFakeAudio() {
    }

    /**
     * Samples of the tone in one of Cartesia's raw encodings.
     *
     * @param encoding    {@code pcm_s16le}, {@code pcm_f32le}, {@code pcm_mulaw} or {@code pcm_alaw}
     * @param sampleRate  samples per second
     * @param firstSample index of the first sample in the context's audio
     * @param count       how many samples
     * @return the bytes
     */
    static byte[] samples(String encoding, int sampleRate, long firstSample, int count) {
        return switch (encoding) {
            case "pcm_mulaw" -> FakeAudio.muLaw(sampleRate, firstSample, count);
            case "pcm_alaw" -> aLaw(FakeAudio.pcm(sampleRate, firstSample, count));
            case "pcm_f32le" -> float32(FakeAudio.pcm(sampleRate, firstSample, count));
            default -> FakeAudio.pcm(sampleRate, firstSample, count);
        };
    }

    private static byte[] float32(byte[] pcm) {
        ByteBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 2) {
            out.putFloat(in.getShort() / 32768f);
        }
        return out.array();
    }

    private static byte[] aLaw(byte[] pcm) {
        ByteBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        byte[] out = new byte[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = aLaw(in.getShort());
        }
        return out;
    }

    private static byte aLaw(short sample) {
        int value = sample >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = 0;
        while (segment < ALAW_SEGMENT_ENDS.length && value > ALAW_SEGMENT_ENDS[segment]) {
            segment++;
        }
        if (segment >= ALAW_SEGMENT_ENDS.length) {
            return (byte) (0x7F ^ mask);
        }
        int encoded = segment << 4;
        encoded |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte) (encoded ^ mask);
    }
}
