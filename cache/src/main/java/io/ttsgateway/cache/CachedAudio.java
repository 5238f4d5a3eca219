package io.ttsgateway.cache;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * A verified cache entry, read chunk by chunk. By the time an instance exists, the whole file has
 * been checked (length, structure and CRC-32C), so streaming it cannot serve corrupt audio.
 * The open file stays readable even if the entry is evicted or replaced meanwhile.
 */
public final class CachedAudio implements AutoCloseable {

    private static final int READ_BUFFER = 64 * 1024;

    private final FileChannel channel;
    private final DataInputStream in;
    private final int chunkCount;
    private final long payloadBytes;
    private int chunksRead;

    private CachedAudio(FileChannel channel, int chunkCount, long payloadBytes) throws IOException {
        this.channel = channel;
        this.chunkCount = chunkCount;
        this.payloadBytes = payloadBytes;
        channel.position(EntryFormat.HEADER_BYTES);
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), READ_BUFFER));
    }

    /**
     * Opens and verifies an entry file.
     *
     * @param file the entry
     * @return the verified entry, positioned at its first chunk
     * @throws CorruptEntryException when the file is truncated, malformed or fails its checksum
     * @throws IOException           when the file cannot be read at all (including when it is missing)
     */
    static CachedAudio open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER_BYTES);
            while (header.hasRemaining()) {
                if (channel.read(header) < 0) {
                    throw new CorruptEntryException("header truncated");
                }
            }
            header.flip();
            if (header.getInt() != EntryFormat.MAGIC || header.getInt() != EntryFormat.VERSION) {
                throw new CorruptEntryException("not a cache entry of this version");
            }
            long payloadBytes = header.getLong();
            long crc = header.getLong();
            int chunkCount = header.getInt();
            if (payloadBytes < 0 || chunkCount < 0 || channel.size() != EntryFormat.HEADER_BYTES + payloadBytes) {
                throw new CorruptEntryException("length does not match header");
            }
            verifyPayload(channel, payloadBytes, crc, chunkCount);
            return new CachedAudio(channel, chunkCount, payloadBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void verifyPayload(FileChannel channel, long payloadBytes, long expectedCrc, int chunkCount)
            throws IOException {
        CRC32C crc = new CRC32C();
        DataInputStream in = new DataInputStream(new CheckedInputStream(
                new BufferedInputStream(Channels.newInputStream(channel), READ_BUFFER), crc));
        long remaining = payloadBytes;
        try {
            for (int i = 0; i < chunkCount; i++) {
                int length = in.readInt();
                remaining -= EntryFormat.CHUNK_PREFIX_BYTES;
                if (length <= 0 || length > remaining) {
                    throw new CorruptEntryException("chunk length out of range");
                }
                in.skipNBytes(length);
                remaining -= length;
            }
        } catch (EOFException e) {
            throw new CorruptEntryException("payload truncated");
        }
        if (remaining != 0) {
            throw new CorruptEntryException("payload has trailing bytes");
        }
        if (crc.getValue() != expectedCrc) {
            throw new CorruptEntryException("checksum mismatch");
        }
    }

    /**
     * Reads the next chunk, in the size it was written.
     *
     * @return the chunk, or {@code null} after the last one
     * @throws UncheckedIOException when the disk fails mid-read
     */
    public byte[] next() {
        if (chunksRead == chunkCount) {
            return null;
        }
        try {
            byte[] chunk = new byte[in.readInt()];
            in.readFully(chunk);
            chunksRead++;
            return chunk;
        } catch (IOException e) {
            throw new UncheckedIOException("cache entry became unreadable", e);
        }
    }

    /**
     * Number of chunks in the entry.
     *
     * @return the chunk count
     */
    public int chunkCount() {
        return chunkCount;
    }

    /**
     * Audio bytes in the entry, chunk prefixes excluded.
     *
     * @return audio bytes
     */
    public long audioBytes() {
        return payloadBytes - (long) chunkCount * EntryFormat.CHUNK_PREFIX_BYTES;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only file; nothing is lost
        }
    }
}
