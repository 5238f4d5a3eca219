package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * One entry's file as it is written: a temporary file, made at its first chunk (a synthesis that
 * fails at once touches no disk), renamed into place by {@link #commit()} only. Used on the
 * {@link DiskWriter}'s thread only. A batch goes to the disk in one gathering write, with no
 * buffer of its own: the {@link CacheWriter} already gathers 16 KiB, each chunk after its length.
 * A disk failure is logged once and the entry is not cached.
 */
final class EntryFile {

    private static final Logger LOGGER = Logger.getLogger(EntryFile.class.getName());
    /** Written first, completed by {@link #commit()}. */
    private static final byte[] HEADER_PLACEHOLDER = new byte[EntryFormat.HEADER_BYTES];

    private final DiskCache cache;
    private final CacheKey key;
    private final TempFiles tempFiles;
    private final CRC32C crc = new CRC32C();
    private Path temp;
    private FileChannel channel;
    private long payloadBytes;
    private int chunkCount;
    private boolean failed;
    /** Committed or discarded: nothing more is written. */
    private boolean done;

    EntryFile(DiskCache cache, CacheKey key, TempFiles tempFiles) {
        this.cache = cache;
        this.key = key;
        this.tempFiles = tempFiles;
    }

    CacheKey key() {
        return key;
    }

    /**
     * Appends a batch: chunks exactly as they were sent to the client, each after its length.
     *
     * @param batch  the bytes, read from position to limit; positions are moved
     * @param chunks chunks counted with this batch (one whose tail is in the next batch may be among
     *               them); only their sum, the entry's count, matters
     */
    void append(List<ByteBuffer> batch, int chunks) {
        if (failed || done || batch.isEmpty()) {
            return;
        }
        boolean first = channel == null;
        if (first && !open()) {
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[batch.size() + (first ? 1 : 0)];
        int next = 0;
        if (first) {
            buffers[next++] = ByteBuffer.wrap(HEADER_PLACEHOLDER);
        }
        long payload = 0;
        for (ByteBuffer buffer : batch) {
            crc.update(buffer.duplicate());
            buffers[next++] = buffer;
            payload += buffer.remaining();
        }
        payloadBytes += payload;
        chunkCount += chunks;
        try {
            for (long left = payload + (first ? HEADER_PLACEHOLDER.length : 0); left > 0; ) {
                left -= channel.write(buffers);
            }
        } catch (IOException e) {
            fail("cannot write cache file", e);
        }
    }

    /**
     * Completes the header and renames the file into place atomically, then hands it to the shared
     * tier in the background.
     *
     * @return true when the entry is now in the cache
     */
    boolean commit() {
        if (failed || done || chunkCount == 0) {
            discard();
            return false;
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER_BYTES)
                    .putInt(EntryFormat.MAGIC)
                    .putInt(EntryFormat.VERSION)
                    .putLong(payloadBytes)
                    .putLong(crc.getValue())
                    .putInt(chunkCount)
                    .flip();
            channel.write(header, 0);
            // No fsync: a file torn by a crash fails its checksum on read and is then a miss.
            channel.close();
            channel = null;
            done = true;
            cache.install(key, temp, EntryFormat.HEADER_BYTES + payloadBytes);
            temp = null;
            cache.share(key, EntryFormat.HEADER_BYTES + payloadBytes);
            return true;
        } catch (IOException e) {
            fail("cannot commit cache entry", e);
            return false;
        }
    }

    /** Closes and deletes the temporary file, if there is one. */
    void discard() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next
        }
        channel = null;
        done = true;
        DiskCache.deleteTemporary(temp);
        temp = null;
    }

    private boolean open() {
        try {
            TempFiles.Created created = tempFiles.create(key);
            temp = created.path();
            channel = created.channel();
            return true;
        } catch (IOException e) {
            fail("cannot create cache file", e);
            return false;
        }
    }

    private void fail(String why, IOException cause) {
        LOGGER.log(Level.WARNING, why + " for key " + key.hex() + "; this audio will not be cached", cause);
        failed = true;
        discard();
    }
}
