package io.ttsgateway.cache;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, kept for reuse: the disk reads into them and writes from them
 * without the JDK's copy through a temporary direct buffer that a heap buffer would take, and what
 * they hold is no work for the garbage collector. Lock-free; at most {@code maxKept} are kept
 * (beyond that a returned buffer is left to the collector), and a pool may bound the buffers in use
 * at once, so the memory beyond the heap grows to the busiest moment's need and no further.
 */
public final class DirectBuffers {

    /**
     * Bytes read from an entry file at a time: a short reply's entry (a sentence of 24 kHz PCM in
     * chunks of 100 ms is about 33 KB) in one or two reads, the first of which holds the header and
     * the first chunk; a few chunks, a few socket writes' worth, per read of a long one. Each hit
     * being read holds one, also while its session is paced (a long reply played in real time).
     */
    static final int BLOCK_BYTES = 32 * 1024;
    /** Read blocks kept for reuse: as many as hits read at once on a busy gateway (2 MiB). */
    static final int MAX_KEPT_BLOCKS = 64;

    /** The read blocks of the process's caches. */
    static final DirectBuffers READ_BLOCKS = new DirectBuffers(BLOCK_BYTES, MAX_KEPT_BLOCKS);

    private final int bytes;
    private final int maxKept;
    private final int maxInUse;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();

    /**
     * A pool with no bound on the buffers in use: {@link #take()} always gives one.
     *
     * @param bytes   each buffer's capacity
     * @param maxKept buffers kept for reuse at most
     */
    DirectBuffers(int bytes, int maxKept) {
        this(bytes, maxKept, Integer.MAX_VALUE);
    }

    /**
     * A pool.
     *
     * @param bytes    each buffer's capacity
     * @param maxKept  buffers kept for reuse at most
     * @param maxInUse buffers taken and not handed back at most
     */
    public DirectBuffers(int bytes, int maxKept, int maxInUse) {
        this.bytes = bytes;
        this.maxKept = maxKept;
        this.maxInUse = maxInUse;
    }

    /**
     * A cleared buffer, to be handed back with {@link #release}.
     *
     * @return the buffer, or null when {@code maxInUse} are taken already
     */
    public ByteBuffer take() {
        if (taken.incrementAndGet() > maxInUse) {
            taken.decrementAndGet();
            return null;
        }
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(bytes);
        }
        kept.decrementAndGet();
        return buffer.clear();
    }

    /**
     * Takes a buffer back; its holder must not use it any more.
     *
     * @param buffer a buffer from {@link #take}
     */
    public void release(ByteBuffer buffer) {
        taken.decrementAndGet();
        if (kept.incrementAndGet() <= maxKept) {
            free.offer(buffer);
        } else {
            kept.decrementAndGet();
        }
    }

    /**
     * Buffers taken and not handed back: 0 when idle, or one is leaking.
     *
     * @return the count
     */
    public int inUse() {
        return taken.get();
    }

    /**
     * Each buffer's capacity.
     *
     * @return bytes
     */
    public int bytes() {
        return bytes;
    }
}
