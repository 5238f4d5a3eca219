package io.ttsgateway.synthesis;

import io.ttsgateway.cache.DirectBuffers;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The chunks a shared synthesis keeps: off the heap while it takes joiners, within the pool's bound. */
class KeptAudioTest {

    /** Not a divisor of the slab size: chunks straddle slabs. */
    private static final int CHUNK = 1000;
    private static final int CHUNKS = 3 * KeptAudio.SLAB_BYTES / CHUNK;

    @Test
    void chunksComeBackByteForByteAcrossSlabsAndTheNewestWithoutACopy() {
        DirectBuffers pool = KeptAudio.slabs(3 * KeptAudio.SLAB_BYTES);
        KeptAudio kept = new KeptAudio(pool, true);
        List<byte[]> chunks = fill(kept, CHUNKS);

        assertEquals(3, pool.inUse(), "196,000 bytes in three 64 KiB slabs");
        assertEquals((long) CHUNKS * CHUNK, kept.bytes());
        assertSame(chunks.getLast(), kept.get(CHUNKS - 1), "the newest stays on the heap");
        for (int i = 0; i < CHUNKS; i++) {
            assertArrayEquals(chunks.get(i), kept.get(i), "chunk " + i);
        }
        assertEquals(chunks.subList(10, 12).stream().map(String::new).toList(),
                     kept.range(10, 12).stream().map(String::new).toList());
        kept.free();
        assertEquals(0, pool.inUse());
        fill(new KeptAudio(pool, true), CHUNKS);
        assertEquals(3, pool.inUse(), "the same three slabs again, within a bound of three");
        assertEquals(null, pool.take(), "none past the bound");
    }

    @Test
    void pastThePoolsBoundChunksStayOnTheHeapAndAllStillComeBack() {
        DirectBuffers pool = KeptAudio.slabs(KeptAudio.SLAB_BYTES);
        KeptAudio kept = new KeptAudio(pool, true);
        List<byte[]> chunks = fill(kept, CHUNKS);

        assertEquals(1, pool.inUse(), "one slab, then the pool had none");
        for (int i = 0; i < CHUNKS; i++) {
            assertArrayEquals(chunks.get(i), kept.get(i), "chunk " + i);
        }
        kept.free();
        assertEquals(0, pool.inUse());
    }

    @Test
    void droppingEveryCopiedChunkAfterJoiningEndedFreesTheSlabs() {
        DirectBuffers pool = KeptAudio.slabs(1 << 20);
        KeptAudio kept = new KeptAudio(pool, true);
        List<byte[]> chunks = fill(kept, CHUNKS);
        kept.stopCopying();
        byte[] after = {7, 7};
        kept.add(after);

        kept.dropBefore(CHUNKS - 1);
        assertEquals(3, pool.inUse(), "the last copied chunk is still kept");
        assertArrayEquals(chunks.getLast(), kept.get(CHUNKS - 1));
        kept.dropBefore(CHUNKS);
        assertEquals(0, pool.inUse());
        assertEquals(CHUNKS, kept.first());
        assertEquals(2, kept.bytes());
        assertSame(after, kept.get(CHUNKS));
    }

    @Test
    void withoutJoinersNothingGoesOffTheHeap() {
        DirectBuffers pool = KeptAudio.slabs(1 << 20);
        KeptAudio kept = new KeptAudio(pool, false);
        List<byte[]> chunks = fill(kept, CHUNKS);
        assertEquals(0, pool.inUse());
        assertSame(chunks.getFirst(), kept.get(0));
    }

    private static List<byte[]> fill(KeptAudio kept, int count) {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] chunk = new byte[CHUNK];
            for (int j = 0; j < CHUNK; j++) {
                chunk[j] = (byte) (i * 31 + j);
            }
            chunks.add(chunk);
            kept.add(chunk);
        }
        return chunks;
    }
}
