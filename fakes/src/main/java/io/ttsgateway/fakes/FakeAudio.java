package io.ttsgateway.fakes;

/**
 * The audio fakes send: one continuous sine per request, cut into chunks, so a test can check that
 * bytes arrived complete and in order (the concatenation is the same sine) and at the right rate
 * (its frequency survives resampling).
 */
public final class FakeAudio {

    /** Frequency of the fakes' tone. */
    public static final double FREQUENCY = 440.0;
    /** Peak amplitude of the tone, about -6 dBFS. */
    public static final double AMPLITUDE = 16000.0;

    private FakeAudio() {
    }

    /**
     * Signed 16-bit little-endian samples of the tone.
     *
     * @param sampleRate  samples per second
     * @param firstSample index of the first sample in the request's stream
     * @param count       how many samples
     * @return the bytes
     */
    public static byte[] pcm(int sampleRate, long firstSample, int count) {
        byte[] out = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            short s = sample(sampleRate, firstSample + i);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /**
     * Mu-law bytes of the tone (G.711), one per sample.
     *
     * @param sampleRate  samples per second
     * @param firstSample index of the first sample
     * @param count       how many samples
     * @return the bytes
     */
    public static byte[] muLaw(int sampleRate, long firstSample, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = encodeMuLaw(sample(sampleRate, firstSample + i));
        }
        return out;
    }

    /**
     * The whole stream a fake sends for a request of {@code chunks} chunks of {@code chunkMillis}.
     *
     * @param sampleRate  samples per second
     * @param chunks      chunk count
     * @param chunkMillis audio per chunk
     * @return the concatenated PCM
     */
    public static byte[] pcmStream(int sampleRate, int chunks, int chunkMillis) {
        return pcm(sampleRate, 0, chunks * samplesPerChunk(sampleRate, chunkMillis));
    }

    /**
     * Samples in a chunk of a given length.
     *
     * @param sampleRate  samples per second
     * @param chunkMillis audio per chunk
     * @return sample count
     */
    public static int samplesPerChunk(int sampleRate, int chunkMillis) {
        return sampleRate * chunkMillis / 1000;
    }

    private static short sample(int sampleRate, long index) {
        return (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * FREQUENCY * index / sampleRate));
    }

    private static byte encodeMuLaw(short sample) {
        int value = sample;
        int sign = (value >> 8) & 0x80;
        if (sign != 0) {
            value = -value;
        }
        value = Math.min(value, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }
}
