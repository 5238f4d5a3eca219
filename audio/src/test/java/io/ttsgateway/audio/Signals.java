package io.ttsgateway.audio;

/**
 * Known test signals and measurements on them.
 */
final class Signals {

    private Signals() {
    }

    static short[] sine(double frequency, int rate, int count, double amplitude) {
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) Math.round(amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return samples;
    }

    static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from)) / Short.MAX_VALUE;
    }

    /** Magnitude of one frequency in a window, by a single-bin DFT (Goertzel). */
    static double magnitude(short[] samples, int from, int to, double frequency, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = samples[i] / (double) Short.MAX_VALUE + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return Math.sqrt(Math.max(0, power)) * 2 / (to - from);
    }
}
