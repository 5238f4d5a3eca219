package io.ttsgateway.audio;

import java.util.Locale;
import java.util.Set;

/**
 * An audio format as named in the protocol: {@code pcm_24000}, {@code ulaw_8000}, {@code wav_16000}.
 *
 * @param encoding   sample encoding
 * @param sampleRate samples per second
 */
public record AudioFormat(AudioEncoding encoding, int sampleRate) {

    /** Sample rates the gateway can produce for PCM and WAV. */
    public static final Set<Integer> PCM_RATES = Set.of(8000, 16000, 22050, 24000, 44100, 48000);

    /** The only rate of the G.711 encodings. */
    public static final int G711_RATE = 8000;

    /**
     * Validates the combination.
     *
     * @param encoding   sample encoding
     * @param sampleRate samples per second
     */
    public AudioFormat {
        if (encoding == null) {
            throw new IllegalArgumentException("encoding is required");
        }
        boolean g711 = encoding == AudioEncoding.ULAW || encoding == AudioEncoding.ALAW;
        if (g711 ? sampleRate != G711_RATE : !PCM_RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("unsupported audio format " + encoding.prefix() + "_" + sampleRate);
        }
    }

    /**
     * Signed 16-bit little-endian mono PCM at a rate.
     *
     * @param sampleRate samples per second, one of {@link #PCM_RATES}
     * @return the format
     */
    public static AudioFormat pcm(int sampleRate) {
        return new AudioFormat(AudioEncoding.PCM, sampleRate);
    }

    /**
     * Parses a protocol format name such as {@code pcm_24000} or {@code ulaw_8000}.
     *
     * @param name the format name
     * @return the format
     * @throws IllegalArgumentException when the name is not a supported format
     */
    public static AudioFormat parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("format is required");
        }
        int sep = name.lastIndexOf('_');
        if (sep <= 0 || sep == name.length() - 1) {
            throw new IllegalArgumentException("unsupported audio format " + name);
        }
        String prefix = name.substring(0, sep).toLowerCase(Locale.ROOT);
        int rate;
        try {
            rate = Integer.parseInt(name.substring(sep + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unsupported audio format " + name);
        }
        for (AudioEncoding encoding : AudioEncoding.values()) {
            if (encoding.prefix().equals(prefix)) {
                return new AudioFormat(encoding, rate);
            }
        }
        throw new IllegalArgumentException("unsupported audio format " + name);
    }

    /**
     * Bytes one second of this format takes, headers excluded.
     *
     * @return bytes per second
     */
    public int bytesPerSecond() {
        int bytesPerSample = encoding == AudioEncoding.ULAW || encoding == AudioEncoding.ALAW ? 1 : 2;
        return sampleRate * bytesPerSample;
    }

    /**
     * The protocol name of this format.
     *
     * @return for example {@code pcm_24000}
     */
    @Override
    public String toString() {
        return encoding.prefix() + "_" + sampleRate;
    }
}
