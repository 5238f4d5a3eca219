package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Reads an entry file front to back in blocks of {@link DirectBuffers#BLOCK_BYTES}, so that a chunk
 * of a few kilobytes costs no read of its own: the bytes of a chunk are copied once, from the
 * block into the array handed out. A chunk longer than a block is read straight into its array.
 * Used by one thread; {@link #close()} hands the block back, after which nothing may be read.
 */
final class BlockReader implements AutoCloseable {

    private final SeekableByteChannel channel;
    private final DirectBuffers buffers;
    /** Read but not yet taken: between position and limit (read mode). Null once closed. */
    private ByteBuffer block;

    BlockReader(SeekableByteChannel channel, DirectBuffers buffers) {
        this.channel = channel;
        this.buffers = buffers;
        this.block = buffers.take().flip(); // empty
    }

    /**
     * Copies the next bytes of the file.
     *
     * @param target    where they go
     * @param offset    where in {@code target}
     * @param length    how many
     * @param truncated the message of the exception thrown when the file ends first
     * @throws CorruptEntryException when the file ends before {@code length} bytes
     * @throws IOException           when the disk fails, or after {@link #close()}
     */
    void read(byte[] target, int offset, int length, String truncated) throws IOException {
        ByteBuffer buffered = open();
        int done = Math.min(length, buffered.remaining());
        buffered.get(target, offset, done);
        if (length - done >= buffered.capacity()) {
            ByteBuffer rest = ByteBuffer.wrap(target, offset + done, length - done);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new CorruptEntryException(truncated);
                }
            }
            return;
        }
        while (done < length) {
            fill(truncated);
            int now = Math.min(length - done, buffered.remaining());
            buffered.get(target, offset + done, now);
            done += now;
        }
    }

    /** Reads on into the block's free space, once; the block holds what was not taken yet. */
    private void fill(String truncated) throws IOException {
        ByteBuffer buffered = open();
        buffered.compact();
        int read = channel.read(buffered);
        buffered.flip();
        if (read < 0) {
            throw new CorruptEntryException(truncated);
        }
    }

    private ByteBuffer open() throws IOException {
        if (block == null) {
            throw new IOException("cache entry closed");
        }
        return block;
    }

    /** Hands the block back. The channel is its owner's to close. */
    @Override
    public void close() {
        if (block != null) {
            buffers.release(block);
            block = null;
        }
    }
}
