package io.ttsgateway.cache;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * Writes one entry while its audio streams to the client: to a temporary file, made visible by
 * {@link #commit()} only. Closing without commit deletes the temporary file.
 *
 * <p>A disk failure never fails the synthesis: the writer logs it once, stops writing, and the entry
 * is simply not cached. Used by one thread.
 */
public final class CacheWriter implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(CacheWriter.class.getName());
    private static final int WRITE_BUFFER = 8 * 1024;

    /** Written first, completed by {@link #commit()}. */
    private static final byte[] HEADER_PLACEHOLDER = new byte[EntryFormat.HEADER_BYTES];

    private final DiskCache cache;
    private final CacheKey key;
    private final long maxEntryBytes;
    private final CRC32C crc = new CRC32C();
    private final TempFiles tempFiles;
    private final byte[] prefix = new byte[EntryFormat.CHUNK_PREFIX_BYTES];
    private Path temp;
    private FileChannel channel;
    private OutputStream out;
    private long payloadBytes;
    private int chunkCount;
    private boolean abandoned;
    private boolean finished;

    CacheWriter(DiskCache cache, CacheKey key, TempFiles tempFiles, long maxEntryBytes) {
        this.cache = cache;
        this.key = key;
        this.tempFiles = tempFiles;
        this.maxEntryBytes = maxEntryBytes;
    }

    /**
     * A writer that keeps nothing: the writer of a disabled cache.
     *
     * @return a writer whose commit always returns false
     */
    static CacheWriter discarding() {
        CacheWriter writer = new CacheWriter(null, null, null, 0);
        writer.abandoned = true;
        return writer;
    }

    /** Creates the temporary file at the first chunk: a synthesis that fails at once touches no disk. */
    private boolean ensureOpen() {
        if (out != null) {
            return true;
        }
        try {
            TempFiles.Created created = tempFiles.create(key);
            temp = created.path();
            channel = created.channel();
            out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER);
            out.write(HEADER_PLACEHOLDER); // buffered with the first chunk: one write to the disk
            return true;
        } catch (IOException e) {
            abandon("cannot create cache file", e);
            return false;
        }
    }

    /**
     * Appends one chunk, exactly as it was sent to the client.
     *
     * @param chunk audio bytes
     */
    public void write(byte[] chunk) {
        if (abandoned || finished || chunk.length == 0) {
            return;
        }
        if (payloadBytes + EntryFormat.CHUNK_PREFIX_BYTES + chunk.length > maxEntryBytes) {
            abandon(null, null); // too long to cache; not an error
            return;
        }
        if (!ensureOpen()) {
            return;
        }
        try {
            int length = chunk.length;
            prefix[0] = (byte) (length >>> 24);
            prefix[1] = (byte) (length >>> 16);
            prefix[2] = (byte) (length >>> 8);
            prefix[3] = (byte) length;
            out.write(prefix);
            out.write(chunk);
            crc.update(prefix);
            crc.update(chunk);
            payloadBytes += prefix.length + chunk.length;
            chunkCount++;
        } catch (IOException e) {
            abandon("cannot write cache file", e);
        }
    }

    /**
     * Makes the entry visible: completes the header and renames the file into place atomically,
     * then hands it to the shared tier in the background. Call only when the synthesis completed.
     *
     * @return true when the entry is now in the cache
     */
    public boolean commit() {
        if (abandoned || finished || chunkCount == 0) {
            close();
            return false;
        }
        try {
            out.flush();
            ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER_BYTES)
                    .putInt(EntryFormat.MAGIC)
                    .putInt(EntryFormat.VERSION)
                    .putLong(payloadBytes)
                    .putLong(crc.getValue())
                    .putInt(chunkCount)
                    .flip();
            channel.write(header, 0);
            // No fsync: a file torn by a crash fails its checksum on read and is then a miss.
            out.close();
            finished = true;
            cache.install(key, temp, EntryFormat.HEADER_BYTES + payloadBytes);
            temp = null;
            cache.share(key, EntryFormat.HEADER_BYTES + payloadBytes);
            return true;
        } catch (IOException e) {
            abandon("cannot commit cache entry", e);
            return false;
        }
    }

    /**
     * Discards the entry unless it was committed.
     */
    @Override
    public void close() {
        if (!finished) {
            abandon(null, null);
        }
        finished = true;
    }

    private void abandon(String why, IOException cause) {
        if (why != null && !abandoned) {
            LOGGER.log(Level.WARNING, why + " for key " + key.hex() + "; this audio will not be cached", cause);
        }
        abandoned = true;
        try {
            if (out != null) {
                out.close();
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next
        }
        DiskCache.deleteTemporary(temp);
        temp = null;
    }
}
