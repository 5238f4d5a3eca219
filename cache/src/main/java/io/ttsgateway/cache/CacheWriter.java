package io.ttsgateway.cache;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes one entry while its audio streams to the client, visible only once {@link #commit()}
 * succeeds; closing without commit discards it. The disk work happens on the cache's
 * {@link DiskWriter}: {@link #write} copies the chunk, after its length, into a direct buffer of
 * {@link #BATCH_BYTES} and hands the writer each one filled; audio the writer cannot take (too
 * much waiting for the disk) leaves the entry uncached, never the synthesis failed. Off the heap,
 * the audio waiting for a batch to fill is no work for the collector, and the chunk's own array
 * is free once the client has it. Written and committed by one thread; {@link #close()} may come
 * from another (a cancel), so the batches are handed over and given back under a lock: a batch given
 * back twice would be filled by two entries at once.
 */
public final class CacheWriter implements AutoCloseable {

    /** Longest a commit waits for the disk: its audio has been sent; only the entry's visibility waits. */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(1);
    /**
     * Audio handed to the disk writer at a time: one task per batch, not per chunk, and a short
     * reply's file made, written and renamed by one task at its commit.
     */
    static final int BATCH_BYTES = 16 * 1024;

    private final DiskCache cache;
    private final DiskWriter disk;
    private final EntryFile file;
    private final DirectBuffers batches;
    private final long maxEntryBytes;
    /** Filled batches not handed to the disk writer yet (more than one only while a long chunk is copied). */
    private final List<ByteBuffer> filled = new ArrayList<>();
    /** The batch being filled, or null. */
    private ByteBuffer open;
    /** Chunks copied since the last hand-over. */
    private int batchChunks;
    private final byte[] prefix = new byte[EntryFormat.CHUNK_PREFIX_BYTES];
    private final ReentrantLock lock = new ReentrantLock();
    /** Chunks with their length prefixes, as the entry will hold them; 0 while none was written. */
    private long payloadBytes;
    private boolean abandoned;
    private boolean finished;

    CacheWriter(DiskCache cache, DiskWriter disk, DirectBuffers batches, EntryFile file, long maxEntryBytes) {
        this.cache = cache;
        this.disk = disk;
        this.batches = batches;
        this.file = file;
        this.maxEntryBytes = maxEntryBytes;
    }

    /**
     * A writer that keeps nothing: the writer of a disabled cache.
     *
     * @return a writer whose commit always returns false
     */
    static CacheWriter discarding() {
        CacheWriter writer = new CacheWriter(null, null, null, null, 0);
        writer.abandoned = true;
        return writer;
    }

    /**
     * Queues one chunk, exactly as it was sent to the client.
     *
     * @param chunk audio bytes, not changed afterwards
     */
    public void write(byte[] chunk) {
        lock.lock();
        try {
            if (abandoned || finished || chunk.length == 0) {
                return;
            }
            long grown = payloadBytes + EntryFormat.CHUNK_PREFIX_BYTES + chunk.length;
            if (grown > maxEntryBytes) {
                abandon(); // too long to cache; not an error
                return;
            }
            payloadBytes = grown;
            ByteBuffer.wrap(prefix).putInt(0, chunk.length);
            copy(prefix);
            copy(chunk);
            batchChunks++;
            if (!filled.isEmpty()) {
                handOver(null);
            }
        } finally {
            lock.unlock();
        }
    }

    private void copy(byte[] bytes) {
        for (int done = 0; done < bytes.length; ) {
            if (open == null) {
                open = batches.take();
            }
            int now = Math.min(open.remaining(), bytes.length - done);
            open.put(bytes, done, now);
            done += now;
            if (!open.hasRemaining()) {
                filled.add(open.flip());
                open = null;
            }
        }
    }

    /**
     * Hands the filled batches (with the one being filled, at the end) and then, if given, more
     * work to the disk writer, which gives the batches back; false when refused.
     */
    private boolean handOver(Runnable then) {
        if (then != null && open != null) {
            filled.add(open.flip());
            open = null;
        }
        List<ByteBuffer> batch = List.copyOf(filled);
        filled.clear();
        int chunks = batchChunks;
        batchChunks = 0;
        long bytes = 0;
        for (ByteBuffer buffer : batch) {
            bytes += buffer.remaining();
        }
        Runnable work = () -> {
            try {
                file.append(batch, chunks);
            } finally {
                batch.forEach(batches::release);
            }
            if (then != null) {
                then.run();
            }
        };
        if (disk.offer(work, bytes)) {
            return true;
        }
        batch.forEach(batches::release);
        cache.droppedWrite(file.key());
        abandon();
        return false;
    }

    /**
     * Makes the entry visible: its header completed and its file renamed into place atomically, then
     * handed to the shared tier in the background. Waits for the disk at most {@link #COMMIT_WAIT}.
     * Call only when the synthesis completed.
     *
     * @return true when the entry is now in the cache
     */
    public boolean commit() {
        CompletableFuture<Boolean> committed = new CompletableFuture<>();
        lock.lock();
        try {
            if (abandoned || finished || payloadBytes == 0) {
                close();
                return false;
            }
            if (!handOver(() -> committed.complete(file.commit()))) {
                return false;
            }
            finished = true;
        } finally {
            lock.unlock();
        }
        try {
            return committed.get(COMMIT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false; // the entry appears when the disk gets to it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Discards the entry unless it was committed; from any thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!finished) {
                abandon();
            }
            finished = true;
        } finally {
            lock.unlock();
        }
    }

    private void abandon() {
        if (open != null) {
            filled.add(open);
            open = null;
        }
        for (ByteBuffer batch : filled) {
            batches.release(batch);
        }
        filled.clear();
        if (!abandoned) {
            abandoned = true;
            disk.submit(file::discard);
        }
    }
}
