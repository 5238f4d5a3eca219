package io.ttsgateway.cartesia;

import java.util.Optional;

import io.ttsgateway.audio.AudioFormat;

/**
 * A raw output format Cartesia streams over the WebSocket ({@code container: "raw"}), and the
 * gateway format it is.
 *
 * @param encoding   Cartesia's encoding name, such as {@code pcm_s16le}
 * @param sampleRate samples per second
 * @param format     the same audio as a gateway format
 */
record CartesiaOutputFormat(String encoding, int sampleRate, AudioFormat format) {

    /** Signed 16-bit little-endian PCM. */
    static final String PCM_S16LE = "pcm_s16le";
    /** G.711 mu-law. */
    static final String PCM_MULAW = "pcm_mulaw";
    /** G.711 A-law. */
    static final String PCM_ALAW = "pcm_alaw";

    /**
     * The native format producing exactly {@code wanted}, if there is one. Cartesia produces PCM at
     * every gateway rate and both G.711 laws at 8 kHz, which covers every raw format the gateway
     * has; WAV is framed by the gateway around PCM, so a provider is never asked for it.
     *
     * @param wanted the format the caller wants
     * @return the matching raw format, or empty for WAV
     */
    static Optional<CartesiaOutputFormat> exactly(AudioFormat wanted) {
        return switch (wanted.encoding()) {
            case PCM -> Optional.of(new CartesiaOutputFormat(PCM_S16LE, wanted.sampleRate(), wanted));
            case ULAW -> Optional.of(new CartesiaOutputFormat(PCM_MULAW, wanted.sampleRate(), wanted));
            case ALAW -> Optional.of(new CartesiaOutputFormat(PCM_ALAW, wanted.sampleRate(), wanted));
            case WAV -> Optional.empty();
        };
    }
}
