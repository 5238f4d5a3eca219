package io.ttsgateway.audio;

/**
 * ITU-T G.711 mu-law and A-law companding of 16-bit samples, one byte per sample.
 */
public final class G711 {

    private static final int MULAW_BIAS = 0x84;
    private static final int MULAW_CLIP = 32635;
    private static final short[] MULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            MULAW_DECODE[i] = decodeMuLaw(i);
            ALAW_DECODE[i] = decodeALaw(i);
        }
    }

    private G711() {
    }

    /**
     * Encodes one sample as mu-law.
     *
     * @param sample signed 16-bit sample
     * @return the mu-law byte
     */
    public static byte muLaw(short sample) {
        int value = sample;
        int sign = (value >> 8) & 0x80;
        if (sign != 0) {
            value = -value;
        }
        if (value > MULAW_CLIP) {
            value = MULAW_CLIP;
        }
        value += MULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /**
     * Encodes one sample as A-law.
     *
     * @param sample signed 16-bit sample
     * @return the A-law byte
     */
    public static byte aLaw(short sample) {
        int value = sample >> 3; // A-law works on 13 bits
        int sign = 0x80;
        if (value < 0) {
            value = -value - 1;
            sign = 0;
        }
        int encoded;
        if (value < 32) {
            encoded = value >> 1;
        } else {
            int exponent = 1;
            for (int v = value >> 5; v > 1 && exponent < 7; v >>= 1) {
                exponent++;
            }
            if (value >= 4096) {
                encoded = 0x7F;
            } else {
                encoded = (exponent << 4) | ((value >> exponent) & 0x0F);
            }
        }
        return (byte) ((encoded | sign) ^ 0x55);
    }

    /**
     * Decodes a mu-law byte.
     *
     * @param encoded the byte
     * @return the 16-bit sample
     */
    public static short fromMuLaw(byte encoded) {
        return MULAW_DECODE[encoded & 0xFF];
    }

    /**
     * Decodes an A-law byte.
     *
     * @param encoded the byte
     * @return the 16-bit sample
     */
    public static short fromALaw(byte encoded) {
        return ALAW_DECODE[encoded & 0xFF];
    }

    private static short decodeMuLaw(int encoded) {
        int value = ~encoded & 0xFF;
        int sign = value & 0x80;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int sample = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
        return (short) (sign != 0 ? -sample : sample);
    }

    private static short decodeALaw(int encoded) {
        int value = encoded ^ 0x55;
        int sign = value & 0x80;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? sample : -sample);
    }
}
