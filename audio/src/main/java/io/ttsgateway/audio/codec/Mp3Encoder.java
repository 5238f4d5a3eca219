package io.ttsgateway.audio.codec;

import de.sciss.jump3r.lowlevel.LameEncoder;
import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * MP3 through jump3r (a Java port of LAME): constant bit rate, mono. MP3 frames are
 * self-delimiting, so the concatenated output is a valid stream at every frame boundary.
 */
final class Mp3Encoder extends BaseEncoder {

    /** MPEG-1, -2 and -2.5 layer III rates. */
    static final Set<Integer> RATES = Set.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000);
    static final String CONTENT_TYPE = "audio/mpeg";

    private static final int SPEECH_KBPS = 64;
    private static final int NARROWBAND_KBPS = 32;
    private static final int NARROWBAND_MAX_RATE = 12000;
    private static final int QUALITY = LameEncoder.QUALITY_MIDDLE;
    /** Input bytes per LAME call, bounded so the output buffer stays small. */
    private static final int MAX_PCM_BYTES = 8192;
    /** LAME's worst case output: 1.25 bytes per sample plus 7200. */
    private static final int MP3_BUFFER = MAX_PCM_BYTES / 2 * 5 / 4 + 7200;

    private final LameEncoder lame;
    private final byte[] mp3 = new byte[MP3_BUFFER];

    Mp3Encoder(int sampleRate) {
        super(sampleRate, CONTENT_TYPE);
        if (!RATES.contains(sampleRate)) {
            throw new IllegalArgumentException("MP3 cannot encode at " + sampleRate + " Hz");
        }
        int kbps = sampleRate <= NARROWBAND_MAX_RATE ? NARROWBAND_KBPS : SPEECH_KBPS;
        javax.sound.sampled.AudioFormat source = new javax.sound.sampled.AudioFormat(sampleRate, 16, 1, true, false);
        this.lame = new LameEncoder(source, kbps, LameEncoder.CHANNEL_MODE_MONO, QUALITY, false);
    }

    @Override
    public byte[] encode(byte[] pcm16le) {
        checkOpen(false);
        byte[] pcm = align(pcm16le);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < pcm.length; offset += MAX_PCM_BYTES) {
            int length = Math.min(MAX_PCM_BYTES, pcm.length - offset);
            out.write(mp3, 0, lame.encodeBuffer(pcm, offset, length, mp3));
        }
        return out.toByteArray();
    }

    @Override
    public byte[] finish() {
        checkOpen(true);
        int length = lame.encodeFinish(mp3);
        lame.close();
        return java.util.Arrays.copyOf(mp3, Math.max(0, length));
    }
}
