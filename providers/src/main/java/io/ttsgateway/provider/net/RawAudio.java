package io.ttsgateway.provider.net;

import java.nio.ByteBuffer;

/**
 * A raw PCM body handed on in whole samples: the bytes of a sample split across two reads wait for
 * the rest. One per response.
 */
public final class RawAudio implements HttpAudioCall.Body {

    /** Longest sample of the formats providers send (16-bit mono), with room to spare. */
    private static final int MAX_SAMPLE_BYTES = 8;

    private final byte[] held = new byte[MAX_SAMPLE_BYTES];
    private int heldBytes;

    @Override
    public boolean accept(ByteBuffer bytes, HttpAudioCall.Sink sink) {
        int sample = sink.format().bytesPerSecond() / sink.format().sampleRate();
        int total = heldBytes + bytes.remaining();
        int whole = total - total % sample;
        if (whole == 0) {
            int n = bytes.remaining();
            bytes.get(held, heldBytes, n);
            heldBytes += n;
            return true;
        }
        byte[] chunk = new byte[whole];
        System.arraycopy(held, 0, chunk, 0, heldBytes);
        bytes.get(chunk, heldBytes, whole - heldBytes);
        heldBytes = bytes.remaining();
        bytes.get(held, 0, heldBytes);
        return sink.push(chunk);
    }
}
