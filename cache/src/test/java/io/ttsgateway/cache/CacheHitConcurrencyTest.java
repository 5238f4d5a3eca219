package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ttsgateway.cache.TestEntries.bytes;
import static io.ttsgateway.cache.TestEntries.flip;
import static io.ttsgateway.cache.TestEntries.key;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hits from many threads at once, and entries evicted or corrupted under their readers. */
class CacheHitConcurrencyTest {

    private static final long MB = 1024 * 1024;
    private static final int READERS = 50;
    private static final int HITS = 40;

    @TempDir
    Path directory;

    @Test
    void concurrentHitsOfOneEntryAndOfManyEachGetEveryChunk() throws Exception {
        AudioCache cache = AudioCache.open(new CacheSettings(directory, 64 * MB, 64 * MB));
        List<CacheKey> keys = new ArrayList<>();
        for (int e = 0; e < READERS / 2; e++) {
            keys.add(commit(cache, "entry " + e, e));
        }
        long size = cache.sizeBytes();
        CyclicBarrier start = new CyclicBarrier(READERS);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int entry = r % 2 == 0 ? 0 : r / 2; // half of them on entry 0, the others on one each
                done.add(readers.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < HITS; i++) {
                        assertServedWhole(cache, keys.get(entry), entry);
                    }
                    return null;
                }));
            }
            for (Future<?> reader : done) {
                reader.get(120, TimeUnit.SECONDS); // a wrong or missing chunk fails here
            }
        }
        assertThat(cache.corruptEntries(), is(0L));
        assertThat(cache.evictions(), is(0L));
        assertThat(cache.entryCount(), is(keys.size()));
        assertThat(cache.sizeBytes(), is(size));
    }

    @Test
    void entryEvictedWhileBeingReadIsServedWholeAndThenGone() throws Exception {
        AudioCache cache = AudioCache.open(new CacheSettings(directory, 200_000, 200_000));
        CacheKey evicted = commit(cache, "evicted under its reader", 1);
        try (CachedAudio audio = cache.lookup(evicted).orElseThrow()) {
            assertThat(audio.next(), is(chunk(1, 0)));
            commit(cache, "newer", 2); // past the bound: the entry being read is the least recently used
            assertThat(cache.evictions(), is(1L));
            assertThat(Files.exists(cache.entryPath(evicted)), is(false));
            for (int c = 1; c < chunks(1); c++) {
                assertThat("chunk " + c, audio.next(), is(chunk(1, c)));
            }
            assertThat(audio.next(), is((byte[]) null));
        }
        assertThat(cache.corruptEntries(), is(0L));
        assertThat(cache.lookup(evicted).isPresent(), is(false));
        assertThat(cache.entryCount(), is(1));
        assertThat(cache.sizeBytes(), is(lessThan(200_000L)));
    }

    @Test
    void entryCorruptedBeyondTheFirstBlockWhileBeingReadFailsAndIsRemoved() throws Exception {
        AudioCache cache = AudioCache.open(new CacheSettings(directory, 64 * MB, 64 * MB));
        CacheKey key = commit(cache, "corrupted under its reader", 1);
        try (CachedAudio audio = cache.lookup(key).orElseThrow()) {
            assertThat(audio.next(), is(chunk(1, 0)));
            flip(cache.entryPath(key), Files.size(cache.entryPath(key)) - 100); // not read yet
            CorruptEntryException e = assertThrows(CorruptEntryException.class, () -> {
                while (audio.next() != null) {
                    // read on
                }
            });
            assertThat(e.getMessage(), is("checksum mismatch"));
        }
        assertThat(cache.corruptEntries(), is(1L));
        assertThat(Files.exists(cache.entryPath(key)), is(false));
        assertThat(cache.entryCount(), is(0));
        assertThat(cache.sizeBytes(), is(0L));
    }

    @Test
    void aHitWritesTheFileTimeOnlyWhenItIsStale() throws Exception {
        AudioCache cache = AudioCache.open(new CacheSettings(directory, 64 * MB, 64 * MB));
        CacheKey key = commit(cache, "recency", 4);
        Path file = cache.entryPath(key);
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);

        Files.setLastModifiedTime(file, old);
        cache.lookup(key).orElseThrow().close();
        assertThat("written within the interval of the commit: not again", Files.getLastModifiedTime(file), is(old));

        AudioCache reopened = AudioCache.open(new CacheSettings(directory, 64 * MB, 64 * MB)); // knows the old time
        reopened.lookup(key).orElseThrow().close();
        FileTime touched = Files.getLastModifiedTime(file);
        assertThat("stale: the hit writes it", touched.toMillis(), is(greaterThan(old.toMillis())));
        Files.setLastModifiedTime(file, old);
        reopened.lookup(key).orElseThrow().close();
        assertThat("at most once per interval", Files.getLastModifiedTime(file), is(old));
    }

    /** Entries of 7 chunks of 4,800 bytes (a short sentence) and, every third, 40 chunks, past one read block. */
    private static int chunks(int entry) {
        return entry % 3 == 1 ? 40 : 7;
    }

    private static byte[] chunk(int entry, int index) {
        return bytes(4800, entry * 64 + index);
    }

    private static CacheKey commit(AudioCache cache, String text, int entry) {
        CacheKey key = key(text);
        try (CacheWriter writer = cache.writer(key)) {
            for (int c = 0; c < chunks(entry); c++) {
                writer.write(chunk(entry, c));
            }
            assertThat(writer.commit(), is(true));
        }
        return key;
    }

    private static void assertServedWhole(AudioCache cache, CacheKey key, int entry) throws IOException {
        try (CachedAudio audio = cache.lookup(key).orElseThrow(() -> new AssertionError("miss of entry " + entry))) {
            for (int c = 0; c < chunks(entry); c++) {
                if (!Arrays.equals(audio.next(), chunk(entry, c))) {
                    throw new AssertionError("wrong chunk " + c + " of entry " + entry);
                }
            }
            if (audio.next() != null) {
                throw new AssertionError("extra chunk in entry " + entry);
            }
        }
    }
}
