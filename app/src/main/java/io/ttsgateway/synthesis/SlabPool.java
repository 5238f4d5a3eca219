package io.ttsgateway.synthesis;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Off-heap slabs every {@link KeptAudio} of a gateway shares, up to a bound; past it audio stays on
 * the heap, as it would without them. A slab given back is kept for the next synthesis: the memory
 * beyond the heap grows to the busiest moment's need, never past the bound, so a container's limit
 * can allow for it.
 */
final class SlabPool {

    /** About 1.4 s of 24 kHz PCM. */
    static final int SLAB_BYTES = 64 * 1024;

    private final int maxSlabs;
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicInteger inUse = new AtomicInteger();

    /** @param maxBytes the bound, in whole slabs; under one slab keeps everything on the heap */
    SlabPool(long maxBytes) {
        this.maxSlabs = (int) Math.min(Integer.MAX_VALUE, maxBytes / SLAB_BYTES);
    }

    /** A slab, or {@code null} when the bound is reached. */
    ByteBuffer take() {
        ByteBuffer slab = free.poll();
        if (slab == null) {
            if (allocated.incrementAndGet() > maxSlabs) {
                allocated.decrementAndGet();
                return null;
            }
            slab = ByteBuffer.allocateDirect(SLAB_BYTES);
        }
        inUse.incrementAndGet();
        return slab;
    }

    /** Gives a slab back; its contents are no longer read. */
    void give(ByteBuffer slab) {
        inUse.decrementAndGet();
        free.add(slab);
    }

    /** Slabs taken and not given back. */
    int inUse() {
        return inUse.get();
    }
}
