package io.ttsgateway.cache;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of {@link #BLOCK_BYTES} that entries are read into, kept for reuse: a hit
 * allocates no read buffer of its own, and the kernel fills it without the JDK's copy through a
 * temporary direct buffer that a heap buffer would take. Lock-free; at most {@link #MAX_KEPT}
 * are kept (beyond that a returned buffer is left to the collector).
 */
final class ReadBuffers {

    /**
     * Bytes read from an entry file at a time: a short reply's entry (a sentence of 24 kHz PCM in
     * chunks of 100 ms is about 33 KB) in one or two reads, the first of which holds the header and
     * the first chunk; a few chunks, a few socket writes' worth, per read of a long one. Each hit
     * being read holds one, also while its session is paced (a long reply played in real time).
     */
    static final int BLOCK_BYTES = 32 * 1024;
    /** Buffers kept for reuse: as many as hits read at once on a busy gateway (2 MiB). */
    static final int MAX_KEPT = 64;

    /** The buffers of the process's caches. */
    static final ReadBuffers SHARED = new ReadBuffers();

    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();

    /**
     * A cleared buffer of {@link #BLOCK_BYTES}, to be handed back with {@link #release}.
     *
     * @return the buffer
     */
    ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            return ByteBuffer.allocateDirect(BLOCK_BYTES);
        }
        kept.decrementAndGet();
        return buffer.clear();
    }

    /**
     * Takes a buffer back; its holder must not use it any more.
     *
     * @param buffer a buffer from {@link #take}
     */
    void release(ByteBuffer buffer) {
        if (kept.incrementAndGet() <= MAX_KEPT) {
            free.offer(buffer);
        } else {
            kept.decrementAndGet();
        }
    }
}
