package io.ttsgateway;

/**
 * Measures a tone in 16-bit PCM, to check that resampled audio kept its pitch and level.
 */
final class Tones {

    private Tones() {
    }

    /**
     * The amplitude of one frequency, as a fraction of full scale (a Goertzel-style projection).
     *
     * @param pcm       signed 16-bit little-endian mono samples
     * @param rate      their sample rate
     * @param frequency the frequency to measure
     * @return the amplitude, 0 to 1
     */
    static double magnitude(byte[] pcm, int rate, double frequency) {
        int count = pcm.length / 2;
        double re = 0;
        double im = 0;
        for (int i = 0; i < count; i++) {
            double sample = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)) / 32768.0;
            double phase = 2 * Math.PI * frequency * i / rate;
            re += sample * Math.cos(phase);
            im += sample * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / count;
    }
}
