package io.ttsgateway.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 44-byte RIFF/WAVE header of a streamed {@code wav_<rate>} response: PCM, 16-bit, mono. The
 * length is unknown when the header is sent, so both size fields hold {@code 0xFFFFFFFF}, the
 * convention streaming players (and OpenAI's and ElevenLabs' streamed WAV) use for "until the end".
 */
public final class WavHeader {

    /** Size of the header in bytes. */
    public static final int LENGTH = 44;
    /** The size written when the length is not known. */
    private static final int UNKNOWN_SIZE = 0xFFFFFFFF;
    private static final short PCM_FORMAT_TAG = 1;
    private static final short CHANNELS = 1;
    private static final short BITS_PER_SAMPLE = 16;

    private WavHeader() {
    }

    /**
     * The header for mono 16-bit PCM at a rate, of unknown length.
     *
     * @param sampleRate samples per second
     * @return the 44 header bytes
     */
    public static byte[] streaming(int sampleRate) {
        int blockAlign = CHANNELS * BITS_PER_SAMPLE / 8;
        ByteBuffer header = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(UNKNOWN_SIZE)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort(PCM_FORMAT_TAG)
                .putShort(CHANNELS)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort(BITS_PER_SAMPLE)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(UNKNOWN_SIZE);
        return header.array();
    }
}
