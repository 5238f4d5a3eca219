package io.ttsgateway.audio;

/**
 * Conversions between signed 16-bit little-endian PCM bytes and samples.
 */
public final class Pcm16 {

    private Pcm16() {
    }

    /**
     * Decodes little-endian 16-bit samples.
     *
     * @param bytes  source bytes
     * @param offset first byte
     * @param length number of bytes, even
     * @return the samples
     */
    public static short[] toSamples(byte[] bytes, int offset, int length) {
        short[] samples = new short[length / 2];
        for (int i = 0; i < samples.length; i++) {
            int lo = bytes[offset + 2 * i] & 0xFF;
            int hi = bytes[offset + 2 * i + 1];
            samples[i] = (short) ((hi << 8) | lo);
        }
        return samples;
    }

    /**
     * Encodes samples as little-endian 16-bit bytes.
     *
     * @param samples the samples
     * @param count   how many of them
     * @return the bytes
     */
    public static byte[] toBytes(short[] samples, int count) {
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }

    /**
     * Encodes samples as little-endian 16-bit bytes.
     *
     * @param samples the samples
     * @return the bytes
     */
    public static byte[] toBytes(short[] samples) {
        return toBytes(samples, samples.length);
    }
}
