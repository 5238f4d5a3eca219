package io.ttsgateway.audio;

/**
 * Converts one stream of audio from the format a provider produces to the format a client asked
 * for: decode to 16-bit PCM, resample, encode. Stateful (an odd byte, the resampler's history), so
 * one converter serves one stream, chunk after chunk, and never converts chunks in isolation.
 */
public final class AudioConverter {

    private final AudioFormat from;
    private final AudioFormat to;
    private final Resampler resampler;
    /** A PCM byte whose sample's other half is in the next chunk. */
    private int pendingByte = -1;

    private AudioConverter(AudioFormat from, AudioFormat to) {
        if (from.encoding() == AudioEncoding.WAV || to.encoding() == AudioEncoding.WAV) {
            throw new IllegalArgumentException("WAV is framed by the caller, not converted: " + from + " -> " + to);
        }
        this.from = from;
        this.to = to;
        this.resampler = from.sampleRate() == to.sampleRate() ? null : Resampler.create(from.sampleRate(),
                                                                                         to.sampleRate());
    }

    /**
     * Creates a converter.
     *
     * @param from what the source produces
     * @param to   what is wanted
     * @return the converter
     * @throws IllegalArgumentException when either side is WAV
     */
    public static AudioConverter create(AudioFormat from, AudioFormat to) {
        return new AudioConverter(from, to);
    }

    /**
     * The target format.
     *
     * @return the format converted to
     */
    public AudioFormat to() {
        return to;
    }

    /**
     * Converts the next chunk.
     *
     * @param chunk bytes in the source format, any length
     * @return bytes in the target format, possibly empty (the resampler holds a few samples back)
     */
    public byte[] convert(byte[] chunk) {
        short[] samples = decode(chunk);
        if (resampler != null) {
            samples = resampler.process(samples);
        }
        return encode(samples);
    }

    /**
     * Ends the stream: returns what the resampler still holds.
     *
     * @return the last bytes in the target format, possibly empty
     */
    public byte[] flush() {
        pendingByte = -1;
        if (resampler == null) {
            return new byte[0];
        }
        byte[] tail = resampler.flush();
        return encode(Pcm16.toSamples(tail, 0, tail.length));
    }

    private short[] decode(byte[] chunk) {
        return switch (from.encoding()) {
            case ULAW -> {
                short[] samples = new short[chunk.length];
                for (int i = 0; i < chunk.length; i++) {
                    samples[i] = G711.fromMuLaw(chunk[i]);
                }
                yield samples;
            }
            case ALAW -> {
                short[] samples = new short[chunk.length];
                for (int i = 0; i < chunk.length; i++) {
                    samples[i] = G711.fromALaw(chunk[i]);
                }
                yield samples;
            }
            default -> decodePcm(chunk);
        };
    }

    private short[] decodePcm(byte[] chunk) {
        byte[] bytes = chunk;
        if (pendingByte >= 0) {
            bytes = new byte[chunk.length + 1];
            bytes[0] = (byte) pendingByte;
            System.arraycopy(chunk, 0, bytes, 1, chunk.length);
            pendingByte = -1;
        }
        int whole = bytes.length & ~1;
        if (whole < bytes.length) {
            pendingByte = bytes[bytes.length - 1] & 0xFF;
        }
        return Pcm16.toSamples(bytes, 0, whole);
    }

    private byte[] encode(short[] samples) {
        return switch (to.encoding()) {
            case ULAW -> {
                byte[] out = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    out[i] = G711.muLaw(samples[i]);
                }
                yield out;
            }
            case ALAW -> {
                byte[] out = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    out[i] = G711.aLaw(samples[i]);
                }
                yield out;
            }
            default -> Pcm16.toBytes(samples);
        };
    }

    /**
     * Describes the conversion.
     *
     * @return for example {@code pcm_22050 -> pcm_24000}
     */
    @Override
    public String toString() {
        return from + " -> " + to;
    }
}
