package io.ttsgateway.uplift;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;

/** The raw Uplift output formats this client asks for: they stream chunk by chunk, no container to strip. */
enum UpliftFormat {
    /** Signed 16-bit little-endian PCM at 22,050 Hz, the service's default. */
    PCM_22050_16,
    /** G.711 mu-law at 8 kHz. */
    ULAW_8000_8;

    /** @return the gateway's name for the bytes of this format */
    AudioFormat audioFormat() {
        return this == ULAW_8000_8 ? new AudioFormat(AudioEncoding.ULAW, AudioFormat.G711_RATE)
                : AudioFormat.pcm(22050);
    }

    /** The format that gives {@code wanted} with the least conversion: mu-law as is, all else from the PCM. */
    static UpliftFormat closestTo(AudioFormat wanted) {
        return wanted.equals(ULAW_8000_8.audioFormat()) ? ULAW_8000_8 : PCM_22050_16;
    }
}
