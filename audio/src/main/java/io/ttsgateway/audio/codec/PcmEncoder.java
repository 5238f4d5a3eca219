package io.ttsgateway.audio.codec;

import io.ttsgateway.audio.WavHeader;

/**
 * The uncompressed formats: raw PCM, or PCM behind a streaming WAV header of unknown length.
 */
final class PcmEncoder extends BaseEncoder {

    static final String PCM_CONTENT_TYPE = "audio/pcm";
    static final String WAV_CONTENT_TYPE = "audio/wav";
    /** OpenAI's {@code pcm} is headerless, so its rate is fixed: 24 kHz. */
    static final int PCM_RATE = 24000;

    private final boolean wav;
    private boolean started;

    PcmEncoder(int sampleRate, boolean wav) {
        super(sampleRate, wav ? WAV_CONTENT_TYPE : PCM_CONTENT_TYPE);
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("bad sample rate " + sampleRate);
        }
        this.wav = wav;
    }

    @Override
    public byte[] encode(byte[] pcm16le) {
        checkOpen(false);
        return withHeader(align(pcm16le));
    }

    @Override
    public byte[] finish() {
        checkOpen(true);
        return withHeader(new byte[0]);
    }

    /** Prefixes the WAV header to the first output. */
    private byte[] withHeader(byte[] pcm) {
        boolean first = !started;
        started = true;
        if (!first || !wav) {
            return pcm;
        }
        byte[] header = WavHeader.streaming(sampleRate());
        byte[] out = new byte[header.length + pcm.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(pcm, 0, out, header.length, pcm.length);
        return out;
    }
}
