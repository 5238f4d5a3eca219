package io.ttsgateway.uplift;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;

/**
 * The Uplift output formats this client asks for: the raw ones, which stream chunk by chunk
 * without a container to strip.
 */
enum UpliftFormat {
    /** Signed 16-bit little-endian PCM at 22,050 Hz, the service's default. */
    PCM_22050_16(AudioFormat.pcm(22050)),
    /** G.711 mu-law at 8 kHz. */
    ULAW_8000_8(new AudioFormat(AudioEncoding.ULAW, AudioFormat.G711_RATE));

    private final AudioFormat audioFormat;

    UpliftFormat(AudioFormat audioFormat) {
        this.audioFormat = audioFormat;
    }

    /**
     * The gateway's name for the bytes of this format.
     *
     * @return the audio format
     */
    AudioFormat audioFormat() {
        return audioFormat;
    }

    /**
     * The format to ask Uplift for so that {@code wanted} comes out exactly, or with the least
     * conversion: mu-law as is, everything else from the PCM, which resamples and re-encodes
     * without the loss of decoding mu-law first.
     *
     * @param wanted the format the caller wants
     * @return the format to request
     */
    static UpliftFormat closestTo(AudioFormat wanted) {
        return wanted.equals(ULAW_8000_8.audioFormat) ? ULAW_8000_8 : PCM_22050_16;
    }
}
