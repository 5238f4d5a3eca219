package io.ttsgateway.audio.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

/**
 * FLAC through javaFlacEncoder: mono, 16-bit, fixed 4096-sample blocks (the last one shorter),
 * encoded on the calling thread. The stream cannot be rewound, so STREAMINFO keeps "unknown" for
 * the total sample count and an all-zero MD5, both allowed for streams by the FLAC format.
 */
final class FlacEncoder extends BaseEncoder {

    static final int MIN_RATE = StreamConfiguration.MIN_SAMPLE_RATE;
    static final int MAX_RATE = StreamConfiguration.MAX_SAMPLE_RATE;
    static final String CONTENT_TYPE = "audio/flac";

    private static final int BLOCK_SIZE = 4096;
    private static final int CHANNELS = 1;
    private static final int BITS_PER_SAMPLE = 16;
    /** "fLaC", the metadata block header, then the two 16-bit block sizes of STREAMINFO. */
    private static final int MIN_FRAME_SIZE_OFFSET = 4 + 4 + 2 + 2;
    /** The 24-bit minimum frame size, for which the library writes a sentinel instead of 0, "unknown". */
    private static final int FRAME_SIZE_BYTES = 3;

    private final FLACEncoder flac = new FLACEncoder();
    private final Sink sink = new Sink();
    /** Samples given to the library and not yet encoded; its own count fails on an empty block. */
    private int buffered;

    FlacEncoder(int sampleRate) {
        super(sampleRate, CONTENT_TYPE);
        if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
            throw new IllegalArgumentException("FLAC cannot encode at " + sampleRate + " Hz");
        }
        StreamConfiguration config = new StreamConfiguration(CHANNELS, BLOCK_SIZE, BLOCK_SIZE, sampleRate, BITS_PER_SAMPLE);
        if (!flac.setStreamConfiguration(config)) {
            throw new IllegalStateException("FLAC stream configuration refused");
        }
        flac.setOutputStream(sink);
        try {
            flac.openFLACStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sink.unknownMinFrameSize();
    }

    @Override
    public byte[] encode(byte[] pcm16le) {
        checkOpen(false);
        byte[] pcm = align(pcm16le);
        int[] samples = new int[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i + 1] << 8) | (pcm[2 * i] & 0xFF));
        }
        try {
            if (samples.length > 0) {
                flac.addSamples(samples, samples.length);
                buffered += samples.length;
            }
            if (buffered >= BLOCK_SIZE) {
                buffered -= flac.encodeSamples(buffered / BLOCK_SIZE * BLOCK_SIZE, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.drain();
    }

    @Override
    public byte[] finish() {
        checkOpen(true);
        try {
            flac.encodeSamples(buffered, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.drain();
    }

    /** A forward-only output that hands its bytes back on {@link #drain()}. */
    private static final class Sink implements FLACOutputStream {

        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private long position;

        void unknownMinFrameSize() {
            byte[] header = drain();
            java.util.Arrays.fill(header, MIN_FRAME_SIZE_OFFSET, MIN_FRAME_SIZE_OFFSET + FRAME_SIZE_BYTES, (byte) 0);
            pending.writeBytes(header);
        }

        byte[] drain() {
            byte[] bytes = pending.toByteArray();
            pending.reset();
            return bytes;
        }

        @Override
        public long seek(long pos) {
            throw new UnsupportedOperationException("a streamed FLAC cannot be rewound");
        }

        @Override
        public int write(byte[] data, int offset, int count) {
            pending.write(data, offset, count);
            position += count;
            return count;
        }

        @Override
        public void write(byte data) {
            pending.write(data);
            position++;
        }

        @Override
        public long size() {
            return position;
        }

        @Override
        public boolean canSeek() {
            return false;
        }

        @Override
        public long getPos() {
            return position;
        }
    }
}
