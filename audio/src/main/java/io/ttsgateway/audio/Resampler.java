package io.ttsgateway.audio;

import java.util.Arrays;

/**
 * A streaming sample-rate converter for 16-bit mono PCM: a Kaiser-windowed sinc filter in polyphase
 * form, exact for any pair of integer rates.
 *
 * <p>One instance serves one stream. It keeps the input history and the output phase between calls,
 * so audio converted chunk by chunk is identical to audio converted in one piece: no clicks at chunk
 * seams, no drift. The filter looks {@link #lookaheadSamples()} input samples ahead, so the last
 * output samples come out of {@link #flush()} at the end of the stream.
 *
 * <p>Not thread-safe: one stream, one thread.
 */
public final class Resampler {

    /** Zero crossings of the sinc kept on each side; more is sharper and slower. */
    private static final int ZERO_CROSSINGS = 16;
    /** Kaiser window shape: about 80 dB of stop-band attenuation. */
    private static final double KAISER_BETA = 8.0;
    /** Fraction of the lower Nyquist frequency kept; the rest is the transition band. */
    private static final double PASSBAND = 0.92;

    private final int inputRate;
    private final int outputRate;
    private final int up;
    private final int down;
    private final int halfTaps;
    private final float[][] phases;

    private float[] history;
    /** Absolute input index of {@code history[0]}; negative for the zeros before the stream. */
    private long historyStart;
    private int historyLength;
    private long inputCount;
    private long outputIndex;
    private int oddByte = -1;
    private boolean flushed;

    private Resampler(int inputRate, int outputRate) {
        this.inputRate = inputRate;
        this.outputRate = outputRate;
        int gcd = gcd(inputRate, outputRate);
        this.up = outputRate / gcd;
        this.down = inputRate / gcd;
        double cutoff = Math.min(1.0, (double) up / down) * PASSBAND;
        this.halfTaps = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        this.phases = inputRate == outputRate ? new float[0][] : designFilter(up, halfTaps, cutoff);
        this.history = new float[Math.max(1024, 4 * halfTaps)];
        this.historyStart = -halfTaps;
        this.historyLength = halfTaps;
    }

    /**
     * Creates a converter for one stream.
     *
     * @param inputRate  rate of the audio given to {@link #process(byte[])}
     * @param outputRate rate of the audio it returns
     * @return a new converter
     */
    public static Resampler create(int inputRate, int outputRate) {
        if (inputRate <= 0 || outputRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive");
        }
        return new Resampler(inputRate, outputRate);
    }

    /**
     * Input rate.
     *
     * @return samples per second in
     */
    public int inputRate() {
        return inputRate;
    }

    /**
     * Output rate.
     *
     * @return samples per second out
     */
    public int outputRate() {
        return outputRate;
    }

    /**
     * How many input samples the filter needs beyond an output sample before it can produce it.
     *
     * @return lookahead in input samples; 0 when the rates are equal
     */
    public int lookaheadSamples() {
        return inputRate == outputRate ? 0 : halfTaps;
    }

    /**
     * Converts the next chunk of little-endian 16-bit PCM. A sample split across two chunks is
     * joined.
     *
     * @param pcm the next input bytes
     * @return output bytes ready now, possibly empty
     */
    public byte[] process(byte[] pcm) {
        checkOpen();
        int offset = 0;
        int length = pcm.length;
        short[] samples;
        if (oddByte >= 0 && length > 0) {
            byte[] joined = new byte[length + 1];
            joined[0] = (byte) oddByte;
            System.arraycopy(pcm, 0, joined, 1, length);
            pcm = joined;
            length++;
            oddByte = -1;
        }
        if ((length & 1) == 1) {
            oddByte = pcm[length - 1] & 0xFF;
            length--;
        }
        samples = Pcm16.toSamples(pcm, offset, length);
        return Pcm16.toBytes(process(samples));
    }

    /**
     * Converts the next chunk of samples.
     *
     * @param samples the next input samples
     * @return output samples ready now, possibly empty
     */
    public short[] process(short[] samples) {
        checkOpen();
        if (inputRate == outputRate) {
            inputCount += samples.length;
            return samples;
        }
        append(samples);
        inputCount += samples.length;
        return drain(inputCount);
    }

    /**
     * Ends the stream: returns the samples still held back by the filter's lookahead.
     *
     * @return the last output bytes
     */
    public byte[] flush() {
        checkOpen();
        flushed = true;
        if (inputRate == outputRate) {
            return new byte[0];
        }
        append(new short[halfTaps]);
        return Pcm16.toBytes(drain(inputCount + halfTaps));
    }

    private void checkOpen() {
        if (flushed) {
            throw new IllegalStateException("resampler already flushed");
        }
    }

    private void append(short[] samples) {
        if (historyLength + samples.length > history.length) {
            history = Arrays.copyOf(history, Math.max(history.length * 2, historyLength + samples.length));
        }
        for (int i = 0; i < samples.length; i++) {
            history[historyLength + i] = samples[i];
        }
        historyLength += samples.length;
    }

    /** Emits every output sample whose filter window lies inside the first {@code available} inputs. */
    private short[] drain(long available) {
        long totalOutputs = ceilDiv(inputCount * up, down);
        long last = Math.min(totalOutputs, ceilDiv((available - halfTaps) * up, down));
        int count = (int) Math.max(0, last - outputIndex);
        short[] out = new short[count];
        int taps = 2 * halfTaps;
        for (int k = 0; k < count; k++) {
            long position = outputIndex * down;
            long center = position / up;
            float[] coefficients = phases[(int) (position % up)];
            int base = (int) (center - halfTaps + 1 - historyStart);
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                sum += history[base + j] * coefficients[j];
            }
            out[k] = clamp(sum);
            outputIndex++;
        }
        discardConsumed();
        return out;
    }

    private void discardConsumed() {
        long firstNeeded = (outputIndex * down) / up - halfTaps + 1;
        int drop = (int) Math.min(historyLength, Math.max(0, firstNeeded - historyStart));
        if (drop > history.length / 2) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    private static short clamp(double value) {
        long rounded = Math.round(value);
        if (rounded > Short.MAX_VALUE) {
            return Short.MAX_VALUE;
        }
        if (rounded < Short.MIN_VALUE) {
            return Short.MIN_VALUE;
        }
        return (short) rounded;
    }

    private static float[][] designFilter(int phaseCount, int halfTaps, double cutoff) {
        float[][] table = new float[phaseCount][2 * halfTaps];
        double i0Beta = besselI0(KAISER_BETA);
        for (int phase = 0; phase < phaseCount; phase++) {
            double sum = 0;
            double[] row = new double[2 * halfTaps];
            for (int j = 0; j < row.length; j++) {
                double distance = (double) phase / phaseCount + halfTaps - 1 - j;
                double x = distance / halfTaps;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0Beta;
                row[j] = cutoff * sinc(cutoff * distance) * window;
                sum += row[j];
            }
            // Unit gain at DC for every phase, so silence stays silence and levels do not ripple.
            for (int j = 0; j < row.length; j++) {
                table[phase][j] = (float) (row[j] / sum);
            }
        }
        return table;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1.0;
        }
        return Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
