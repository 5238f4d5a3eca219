package io.ttsgateway.session.playout;

import java.util.ArrayDeque;

import io.ttsgateway.audio.AudioFormat;

/**
 * Cuts one request's audio into frames of what a client plays at once: at most a frame's bytes,
 * ending on a whole sample of the stream (a WAV header is a whole number of samples), never
 * waiting for more audio to fill a frame. Chunks smaller than a frame are joined only with what
 * is already here. Used by one delivery thread.
 */
public final class AudioFramer {

    private final int frameBytes;
    private final int sampleBytes;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Bytes of the first chunk already framed. */
    private int offset;
    private int pending;
    private long framed;

    /**
     * @param format     the request's audio format
     * @param frameBytes bytes of a whole frame (whole samples); 0: chunks go out as they came
     */
    public AudioFramer(AudioFormat format, int frameBytes) {
        this.frameBytes = frameBytes;
        this.sampleBytes = frameBytes == 0 ? 1 : format.bytesPerSecond() / format.sampleRate();
    }

    /**
     * Takes a chunk to frame.
     *
     * @param chunk audio, in order after what came before
     */
    public void add(byte[] chunk) {
        if (chunk.length > 0) {
            chunks.add(chunk);
            pending += chunk.length;
        }
    }

    /**
     * Whether a frame would still take more audio, if some is already at hand.
     *
     * @return true when less than a frame waits
     */
    public boolean wantsMore() {
        return frameBytes > 0 && pending < frameBytes;
    }

    /**
     * Whether a frame is ready: at least a whole sample waits.
     *
     * @return true when {@link #next()} returns a frame
     */
    public boolean hasFrame() {
        return nextBytes() > 0;
    }

    /**
     * The next frame: a whole frame, or what whole samples there are.
     *
     * @return the frame; {@code null} when less than a sample waits
     */
    public byte[] next() {
        int bytes = nextBytes();
        return bytes == 0 ? null : take(bytes);
    }

    /**
     * What is left once the request's audio has ended: at most part of a sample.
     *
     * @return the bytes; {@code null} when none are left
     */
    public byte[] rest() {
        return pending == 0 ? null : take(pending);
    }

    private int nextBytes() {
        if (pending == 0) {
            return 0;
        }
        if (frameBytes == 0) {
            return chunks.peek().length - offset;
        }
        int bytes = Math.min(pending, frameBytes);
        return bytes - (int) ((framed + bytes) % sampleBytes);
    }

    private byte[] take(int bytes) {
        byte[] head = chunks.peek();
        if (offset == 0 && head.length == bytes) {
            chunks.poll(); // the whole chunk: no copy
            pending -= bytes;
            framed += bytes;
            return head;
        }
        byte[] frame = new byte[bytes];
        int filled = 0;
        while (filled < bytes) {
            head = chunks.peek();
            int length = Math.min(bytes - filled, head.length - offset);
            System.arraycopy(head, offset, frame, filled, length);
            filled += length;
            offset += length;
            if (offset == head.length) {
                chunks.poll();
                offset = 0;
            }
        }
        pending -= bytes;
        framed += bytes;
        return frame;
    }
}
