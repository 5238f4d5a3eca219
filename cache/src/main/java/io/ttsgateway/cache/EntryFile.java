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
 * One entry's file as it is written: a temporary file, made at its first chunk (a synthesis that
 * fails at once touches no disk), renamed into place by {@link #commit()} only. Used on the
 * {@link DiskWriter}'s thread only. A disk failure is logged once and the entry is not cached.
 */
final class EntryFile {

    private static final Logger LOGGER = Logger.getLogger(EntryFile.class.getName());
    private static final int WRITE_BUFFER = 8 * 1024;

    /** Written first, completed by {@link #commit()}. */
    private static final byte[] HEADER_PLACEHOLDER = new byte[EntryFormat.HEADER_BYTES];

    private final DiskCache cache;
    private final CacheKey key;
    private final TempFiles tempFiles;
    private final CRC32C crc = new CRC32C();
    private final byte[] prefix = new byte[EntryFormat.CHUNK_PREFIX_BYTES];
    private Path temp;
    private FileChannel channel;
    private OutputStream out;
    private long payloadBytes;
    private int chunkCount;
    private boolean failed;

    EntryFile(DiskCache cache, CacheKey key, TempFiles tempFiles) {
        this.cache = cache;
        this.key = key;
        this.tempFiles = tempFiles;
    }

    CacheKey key() {
        return key;
    }

    /**
     * Appends one chunk, exactly as it was sent to the client.
     *
     * @param chunk audio bytes, not changed afterwards
     */
    void append(byte[] chunk) {
        if (failed || !ensureOpen()) {
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
        if (failed || chunkCount == 0) {
            discard();
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
            if (out != null) {
                out.close();
            } else if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next
        }
        out = null;
        channel = null;
        DiskCache.deleteTemporary(temp);
        temp = null;
    }

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
