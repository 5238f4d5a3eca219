package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A cache entry, read and verified chunk by chunk as it is streamed. Opening reads the header and
 * the first chunk only; each later chunk is read when asked for, and the CRC-32C and length are
 * checked as the last chunk is read, before it is handed out. An entry found corrupt at open is a
 * miss; found corrupt later, {@link #next()} fails, the cache removes the entry, and the audio
 * already handed out is all that anyone got from it. The open file stays readable even if the
 * entry is evicted or replaced meanwhile.
 */
public final class CachedAudio implements AutoCloseable {

    /** What the cache hears about an entry being read. */
    interface Listener {
        /** Hears nothing. */
        Listener NONE = new Listener() {
            @Override
            public void corrupt(CorruptEntryException e) {
            }

            @Override
            public void closed() {
            }
        };

        /**
         * The entry failed its check after it was opened.
         *
         * @param e what is wrong
         */
        void corrupt(CorruptEntryException e);

        /** The entry was closed without being found corrupt. */
        void closed();
    }

    private final SeekableByteChannel channel;
    private final EntryCheck check;
    private final Listener listener;
    /** The first chunk, read by open and not yet handed out. */
    private byte[] first;
    /** Length of the next chunk to read, from the prefix read with the previous one. */
    private int nextLength;
    private CorruptEntryException corrupt;
    private boolean closed;

    private CachedAudio(SeekableByteChannel channel, EntryCheck check, Listener listener) {
        this.channel = channel;
        this.check = check;
        this.listener = listener;
    }

    /**
     * Opens an entry file: checks its header against its size and reads its first chunk.
     *
     * @param file     the entry
     * @param listener told when the entry turns out corrupt later, and when it is closed
     * @return the entry, its first chunk ready
     * @throws CorruptEntryException when the header or the first chunk is wrong
     * @throws IOException           when the file cannot be read at all (including when it is missing)
     */
    static CachedAudio open(Path file, Listener listener) throws IOException {
        return open(FileChannel.open(file, StandardOpenOption.READ), listener);
    }

    /**
     * Opens an entry from a channel positioned at its start, which the entry then owns.
     *
     * @param channel  the entry's bytes
     * @param listener told when the entry turns out corrupt later, and when it is closed
     * @return the entry, its first chunk ready
     * @throws CorruptEntryException when the header or the first chunk is wrong
     * @throws IOException           when the channel cannot be read
     */
    static CachedAudio open(SeekableByteChannel channel, Listener listener) throws IOException {
        try {
            ByteBuffer start = ByteBuffer.allocate(EntryFormat.HEADER_BYTES + EntryFormat.CHUNK_PREFIX_BYTES);
            long size = channel.size();
            if (size < start.capacity()) {
                start.limit((int) Math.max(size, 0));
            }
            readFully(channel, start, "header truncated");
            EntryCheck check = EntryCheck.header(start.flip(), size);
            CachedAudio audio = new CachedAudio(channel, check, listener);
            if (check.chunkCount() == 0) {
                check.end();
            } else {
                audio.nextLength = check.chunkLength(start.array(), EntryFormat.HEADER_BYTES);
                audio.first = audio.readChunk();
            }
            return audio;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The next chunk, in the size it was written. The last one is handed out only once the whole
     * entry has passed its check.
     *
     * @return the chunk, or {@code null} after the last one
     * @throws CorruptEntryException when the entry fails its check (the cache has removed it)
     * @throws IOException           when the disk fails mid-read
     */
    public byte[] next() throws IOException {
        if (corrupt != null) {
            throw corrupt;
        }
        if (first != null) {
            byte[] chunk = first;
            first = null;
            return chunk;
        }
        if (check.allSeen()) {
            return null;
        }
        try {
            return readChunk();
        } catch (CorruptEntryException e) {
            corrupt = e;
            listener.corrupt(e);
            throw e;
        }
    }

    /** Reads the chunk of {@link #nextLength} bytes and, in the same read, the next one's prefix. */
    private byte[] readChunk() throws IOException {
        int length = nextLength;
        boolean last = check.lastChunkNext();
        ByteBuffer buffer = ByteBuffer.allocate(length + (last ? 0 : EntryFormat.CHUNK_PREFIX_BYTES));
        readFully(channel, buffer, "payload truncated");
        byte[] bytes = buffer.array();
        check.chunk(bytes, 0, length);
        if (last) {
            check.end();
            return bytes;
        }
        nextLength = check.chunkLength(bytes, length);
        return Arrays.copyOf(bytes, length);
    }

    private static void readFully(SeekableByteChannel channel, ByteBuffer buffer, String truncated)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new CorruptEntryException(truncated);
            }
        }
    }

    /**
     * Number of chunks in the entry.
     *
     * @return the chunk count
     */
    public int chunkCount() {
        return check.chunkCount();
    }

    /**
     * Audio bytes in the entry, chunk prefixes excluded.
     *
     * @return audio bytes
     */
    public long audioBytes() {
        return check.payloadBytes() - (long) check.chunkCount() * EntryFormat.CHUNK_PREFIX_BYTES;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only file; nothing is lost
        }
        if (corrupt == null) {
            listener.closed();
        }
    }
}
