package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cache entry, read and verified chunk by chunk as it is streamed. Opening reads one block
 * (the header and the first chunk, with as many later chunks as fit in {@link DirectBuffers#BLOCK_BYTES});
 * later blocks are read as the chunks are asked for, each chunk is checked as it is handed out, and
 * the CRC-32C and length are checked before the last chunk is handed out. An entry found corrupt at open is a
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
    private final BlockReader reader;
    private final EntryCheck check;
    private final Listener listener;
    /** The next chunk's length prefix, read with the chunk before it. */
    private final byte[] prefix = new byte[EntryFormat.CHUNK_PREFIX_BYTES];
    /** The first chunk, read by open and not yet handed out. */
    private byte[] first;
    /** Length of the next chunk to read, from the prefix read with the previous one. */
    private int nextLength;
    private CorruptEntryException corrupt;
    private boolean closed;

    private CachedAudio(SeekableByteChannel channel, BlockReader reader, EntryCheck check, Listener listener) {
        this.channel = channel;
        this.reader = reader;
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
     * Opens an entry from a channel positioned at its start, which the entry then owns. The file
     * is read in blocks ({@link DirectBuffers#BLOCK_BYTES}): the first holds the header and the first
     * chunk of any entry whose first chunk fits, so the first chunk costs one read.
     *
     * @param channel  the entry's bytes
     * @param listener told when the entry turns out corrupt later, and when it is closed
     * @return the entry, its first chunk ready
     * @throws CorruptEntryException when the header or the first chunk is wrong
     * @throws IOException           when the channel cannot be read
     */
    static CachedAudio open(SeekableByteChannel channel, Listener listener) throws IOException {
        BlockReader reader = null;
        try {
            long size = channel.size();
            reader = new BlockReader(channel, DirectBuffers.READ_BLOCKS);
            byte[] header = new byte[EntryFormat.HEADER_BYTES];
            reader.read(header, 0, (int) Math.clamp(size, 0, header.length), "header truncated");
            EntryCheck check = EntryCheck.header(ByteBuffer.wrap(header, 0, (int) Math.clamp(size, 0, header.length)),
                                                 size);
            CachedAudio audio = new CachedAudio(channel, reader, check, listener);
            if (check.chunkCount() == 0) {
                check.end();
            } else {
                audio.nextLength = audio.readPrefix();
                audio.first = audio.readChunk();
            }
            return audio;
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
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
     * @throws IOException           when the disk fails mid-read, or after {@link #close()}
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

    /** Reads the chunk of {@link #nextLength} bytes and, unless it is the last, the next one's length. */
    private byte[] readChunk() throws IOException {
        byte[] chunk = new byte[nextLength];
        reader.read(chunk, 0, chunk.length, "payload truncated");
        check.chunk(chunk, 0, chunk.length);
        if (check.allSeen()) {
            check.end();
        } else {
            nextLength = readPrefix();
        }
        return chunk;
    }

    private int readPrefix() throws IOException {
        reader.read(prefix, 0, prefix.length, "payload truncated");
        return check.chunkLength(prefix, 0);
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
        reader.close();
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
