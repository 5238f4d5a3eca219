package io.ttsgateway.cache;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** Lookups take no lock; their uses still decide what is evicted. */
class CacheIndexTest {

    @Test
    void aLookupDoesNotWaitForTheLockAndItsUseCountsAtTheNextChange() throws Exception {
        CacheIndex index = new CacheIndex(30);
        long a = index.put("a", 10, 0).generation();
        index.put("b", 10, 0);
        index.put("c", 10, 0);
        ExecutorService other = Executors.newSingleThreadExecutor();
        index.lock.lock(); // a writer busy with the index
        try {
            Future<Long> lookup = other.submit(() -> index.touch("a"));
            assertThat(lookup.get(10, TimeUnit.SECONDS), is(a));
            Future<Long> many = other.submit(() -> {
                long generation = 0;
                for (int i = 0; i < CacheIndex.MAX_RECORDED * 2; i++) {
                    generation = index.touch("c"); // past the bound: dropped, never waiting
                }
                return generation;
            });
            assertThat(many.get(10, TimeUnit.SECONDS), is(2L));
            assertThat(index.touch("missing"), is(CacheIndex.ABSENT));
        } finally {
            index.lock.unlock();
            other.shutdownNow();
        }
        // a and c were used after b: b is the least recently used.
        assertThat(index.put("d", 10, 0).evicted(), contains("b"));
        assertThat(index.put("e", 10, 0).evicted(), contains("a"));
        assertThat(index.totalBytes(), is(30L));
        assertThat(index.size(), is(3));
    }

    @Test
    void manyLookupsReplayTheirUsesWithoutAWriter() {
        CacheIndex index = new CacheIndex(20);
        index.put("old", 10, 0);
        index.put("new", 10, 0);
        for (int i = 0; i < CacheIndex.REPLAY_AT; i++) {
            index.touch("old");
        }
        index.lock.lock(); // replayed by the lookups already, so nothing depends on this writer's replay
        try {
            assertThat(index.put("next", 10, 0).evicted(), contains("new"));
        } finally {
            index.lock.unlock();
        }
    }

    @Test
    void aUseOfTheFileTimeIsWrittenOncePerInterval() {
        CacheIndex index = new CacheIndex(100);
        index.put("a", 10, 1_000);
        assertThat(index.shouldPersistUse("a", 1_500, 1_000), is(false));
        assertThat(index.shouldPersistUse("a", 2_000, 1_000), is(true));
        assertThat("once", index.shouldPersistUse("a", 2_000, 1_000), is(false));
        assertThat(index.shouldPersistUse("a", 3_100, 1_000), is(true));
        assertThat(index.shouldPersistUse("gone", 9_000, 1_000), is(false));
    }

    @Test
    void removeForgetsOnlyTheGenerationSeen() {
        CacheIndex index = new CacheIndex(100);
        long first = index.put("a", 10, 0).generation();
        long second = index.put("a", 12, 0).generation();
        assertThat(index.remove("a", first), is(false));
        assertThat(index.totalBytes(), is(12L));
        assertThat(index.remove("a", second), is(true));
        assertThat(index.totalBytes(), is(0L));
        assertThat(index.size(), is(0));
        assertThat(List.of(index.remove("a", CacheIndex.ABSENT)), contains(true));
    }
}
