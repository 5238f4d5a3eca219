package io.ttsgateway.cache;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Checks one entry ({@link EntryFormat}) as it is read: the header against the entry's size first,
 * then each chunk's length and bytes, and after the last chunk the payload's length and CRC-32C.
 * Used by one thread.
 */
final class EntryCheck {

    private final CRC32C crc = new CRC32C();
    private final long payloadBytes;
    private final long expectedCrc;
    private final int chunkCount;
    private long remaining;
    private int chunksSeen;

    private EntryCheck(long payloadBytes, long expectedCrc, int chunkCount) {
        this.payloadBytes = payloadBytes;
        this.expectedCrc = expectedCrc;
        this.chunkCount = chunkCount;
        this.remaining = payloadBytes;
    }

    /**
     * Reads a header and checks it against the entry's size.
     *
     * @param header    the entry's first bytes, at least {@link EntryFormat#HEADER_BYTES} of them
     * @param entrySize the entry's size in bytes
     * @return the check of the payload that follows
     * @throws CorruptEntryException when the header is short, foreign or does not match the size
     */
    static EntryCheck header(ByteBuffer header, long entrySize) throws CorruptEntryException {
        if (header.remaining() < EntryFormat.HEADER_BYTES) {
            throw new CorruptEntryException("header truncated");
        }
        if (header.getInt() != EntryFormat.MAGIC || header.getInt() != EntryFormat.VERSION) {
            throw new CorruptEntryException("not a cache entry of this version");
        }
        long payloadBytes = header.getLong();
        long crc = header.getLong();
        int chunkCount = header.getInt();
        if (payloadBytes < 0 || chunkCount < 0 || entrySize != EntryFormat.HEADER_BYTES + payloadBytes
                || (long) chunkCount * (EntryFormat.CHUNK_PREFIX_BYTES + 1) > payloadBytes) {
            throw new CorruptEntryException("length does not match header");
        }
        return new EntryCheck(payloadBytes, crc, chunkCount);
    }

    /**
     * Checks a whole entry held in memory (one loaded from a shared tier).
     *
     * @param entry the entry's bytes
     * @throws CorruptEntryException when any part of it is wrong
     */
    static void verify(byte[] entry) throws CorruptEntryException {
        EntryCheck check = header(ByteBuffer.wrap(entry), entry.length);
        int position = EntryFormat.HEADER_BYTES;
        for (int i = 0; i < check.chunkCount; i++) {
            int length = check.chunkLength(entry, position);
            check.chunk(entry, position + EntryFormat.CHUNK_PREFIX_BYTES, length);
            position += EntryFormat.CHUNK_PREFIX_BYTES + length;
        }
        check.end();
    }

    /**
     * Checks the next chunk's length prefix and adds it to the checksum.
     *
     * @param bytes  holds the prefix
     * @param offset where it starts
     * @return the chunk's length, positive and within the payload
     * @throws CorruptEntryException when there is no such chunk or its length is out of range
     */
    int chunkLength(byte[] bytes, int offset) throws CorruptEntryException {
        if (chunksSeen >= chunkCount || remaining < EntryFormat.CHUNK_PREFIX_BYTES) {
            throw new CorruptEntryException("more chunks than the header says");
        }
        int length = ByteBuffer.wrap(bytes, offset, EntryFormat.CHUNK_PREFIX_BYTES).getInt();
        remaining -= EntryFormat.CHUNK_PREFIX_BYTES;
        if (length <= 0 || length > remaining) {
            throw new CorruptEntryException("chunk length out of range");
        }
        crc.update(bytes, offset, EntryFormat.CHUNK_PREFIX_BYTES);
        return length;
    }

    /**
     * Adds a chunk's bytes to the checksum.
     *
     * @param bytes  holds the chunk
     * @param offset where it starts
     * @param length its length, as {@link #chunkLength} returned it
     */
    void chunk(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
        remaining -= length;
        chunksSeen++;
    }

    /**
     * Checks that the payload ended where the header said and has the header's checksum.
     *
     * @throws CorruptEntryException when it did not or has not
     */
    void end() throws CorruptEntryException {
        if (chunksSeen != chunkCount || remaining != 0) {
            throw new CorruptEntryException("payload has trailing bytes");
        }
        if (crc.getValue() != expectedCrc) {
            throw new CorruptEntryException("checksum mismatch");
        }
    }

    /** Whether every chunk the header announced has been seen. */
    boolean allSeen() {
        return chunksSeen == chunkCount;
    }

    int chunkCount() {
        return chunkCount;
    }

    long payloadBytes() {
        return payloadBytes;
    }
}
