package io.ttsgateway.synthesis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.ttsgateway.cache.DirectBuffers;
import io.ttsgateway.provider.WordAlignment;

/**
 * The chunks and word timings a {@link SharedSynthesis} keeps for its readers, chunks numbered from
 * the start of its audio. While the synthesis takes joiners everything from its start is kept, and
 * copies of the chunks go off the Java heap, where young collections do not copy them again and
 * again: at hundreds of streams the audio kept for joiners was much of what each collection copied,
 * and its pauses made streams stutter (docs/performance.md). The newest chunks stay on the heap too,
 * so the readers that keep up take them without a copy. Not thread-safe: the synthesis calls it under
 * its lock.
 */
final class KeptAudio {

    /**
     * Newest chunks also kept on the heap: a request's own reader reads the provider itself and is at
     * most a chunk behind; a reader further back gets copies from the slabs. Every chunk kept here is
     * young garbage a collection may copy (at 500 streams, a window of 8 was 4 MB).
     */
    static final int HEAP_WINDOW = 2;
    /** Bytes of an off-heap slab: about 1.4 s of 24 kHz PCM. */
    static final int SLAB_BYTES = 64 * 1024;

    private final DirectBuffers pool;
    /** Word timings, each with the number of chunks that had arrived with it; never dropped. */
    private final List<Timing> timings = new ArrayList<>();
    /** Chunk i is at {@code chunks.get(i - first)}; null when only off the heap. */
    private final List<byte[]> chunks = new ArrayList<>();
    private int first;
    private long bytes;
    /** Off-heap copies of chunks 0 .. copied - 1, at offsets[i], laid end to end over the slabs. */
    private final List<ByteBuffer> slabs = new ArrayList<>();
    private long[] offsets = new long[64];
    private long offHeapEnd;
    private int copied;
    private boolean copying;

    /**
     * @param pool    off-heap slabs shared by every synthesis; when it has none left chunks stay on the heap
     * @param offHeap whether to copy chunks off the heap (while the synthesis takes joiners)
     */
    KeptAudio(DirectBuffers pool, boolean offHeap) {
        this.pool = pool;
        this.copying = offHeap;
    }

    private record Timing(int afterChunks, WordAlignment words) {
    }

    /**
     * The slabs every {@code KeptAudio} of a gateway shares: all kept for reuse, at most the bound
     * in use; past it chunks stay on the heap, as they would without slabs.
     *
     * @param maxBytes the bound, in whole slabs; under one slab keeps everything on the heap
     * @return the pool
     */
    static DirectBuffers slabs(long maxBytes) {
        int max = (int) Math.min(Integer.MAX_VALUE, maxBytes / SLAB_BYTES);
        return new DirectBuffers(SLAB_BYTES, max, max);
    }

    /** Index after the newest chunk. */
    int end() {
        return first + chunks.size();
    }

    /** Index of the oldest chunk kept. */
    int first() {
        return first;
    }

    /** Bytes of the chunks kept. */
    long bytes() {
        return bytes;
    }

    void add(byte[] chunk) {
        int index = end();
        chunks.add(chunk);
        bytes += chunk.length;
        if (copying && copy(chunk)) { // while copying, every chunk so far was copied: index == copied
            copied++;
            int old = index - HEAP_WINDOW - first;
            if (old >= 0) {
                chunks.set(old, null);
            }
        } else {
            copying = false; // no slab for this chunk: from here on everything stays on the heap
        }
    }

    /** The chunk at an index from {@link #first()} to {@link #end()} (exclusive). */
    byte[] get(int index) {
        byte[] chunk = chunks.get(index - first);
        if (chunk != null) {
            return chunk;
        }
        byte[] copy = new byte[(int) (copyEnd(index) - offsets[index])];
        transfer(offsets[index], copy, false);
        return copy;
    }

    /** Word timings that came with the chunks so far. */
    void addAlignment(WordAlignment words) {
        timings.add(new Timing(end(), words));
    }

    /** The timing at an index, once a reader has read up to a position (exclusive) with it; else null. */
    WordAlignment alignment(int index, int position) {
        return index < timings.size() && timings.get(index).afterChunks() <= position ? timings.get(index).words()
                : null;
    }

    /** The chunks from one index to another (exclusive); empty when they are the same. */
    List<byte[]> range(int from, int to) {
        if (from == to) {
            return List.of();
        }
        List<byte[]> range = new ArrayList<>(to - from);
        for (int index = from; index < to; index++) {
            range.add(get(index));
        }
        return range;
    }

    /** No more joiners: later chunks stay on the heap only, until {@link #dropBefore} drops them. */
    void stopCopying() {
        copying = false;
    }

    /** Drops the chunks before an index; frees the off-heap copies once all of them are dropped. */
    void dropBefore(int index) {
        while (first < index) {
            bytes -= length(first);
            chunks.removeFirst();
            first++;
        }
        if (!copying && first >= copied) {
            free();
        }
    }

    /** Gives the slabs back; chunks still kept only there are gone. Idempotent. */
    void free() {
        slabs.forEach(pool::release);
        slabs.clear();
        copying = false;
    }

    private long length(int index) {
        byte[] chunk = chunks.get(index - first);
        if (chunk != null) {
            return chunk.length;
        }
        return copyEnd(index) - offsets[index];
    }

    /** Where the off-heap copy of a chunk ends: where the next one starts. */
    private long copyEnd(int index) {
        return index + 1 < copied ? offsets[index + 1] : offHeapEnd;
    }

    /** Appends a chunk off the heap; false when the pool has no slab left for it. */
    private boolean copy(byte[] chunk) {
        while (offHeapEnd + chunk.length > (long) slabs.size() * SLAB_BYTES) {
            ByteBuffer slab = pool.take();
            if (slab == null) {
                return false;
            }
            slabs.add(slab);
        }
        if (copied == offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[copied] = offHeapEnd;
        transfer(offHeapEnd, chunk, true);
        offHeapEnd += chunk.length;
        return true;
    }

    /** Copies between an array and the slabs from an offset on, across slab boundaries. */
    private void transfer(long from, byte[] array, boolean offHeap) {
        int done = 0;
        while (done < array.length) {
            long at = from + done;
            ByteBuffer slab = slabs.get((int) (at / SLAB_BYTES));
            int offset = (int) (at % SLAB_BYTES);
            int length = Math.min(array.length - done, SLAB_BYTES - offset);
            if (offHeap) {
                slab.put(offset, array, done, length);
            } else {
                slab.get(offset, array, done, length);
            }
            done += length;
        }
    }
}
