package io.ttsgateway.audio;

/**
 * How audio samples are encoded on the wire.
 */
public enum AudioEncoding {
    /** Signed 16-bit little-endian mono PCM. */
    PCM("pcm"),
    /** G.711 mu-law, 8 bits per sample. */
    ULAW("ulaw"),
    /** G.711 A-law, 8 bits per sample. */
    ALAW("alaw"),
    /** One RIFF/WAV header, then signed 16-bit little-endian mono PCM. */
    WAV("wav");

    private final String prefix;

    AudioEncoding(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The name used in format strings such as {@code pcm_24000}.
     *
     * @return the lower-case prefix
     */
    public String prefix() {
        return prefix;
    }
}
