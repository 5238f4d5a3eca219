package io.ttsgateway.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

class DiskWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void workRunsInOrderOnTheWritersThread() throws Exception {
        try (DiskWriter writer = new DiskWriter(1000)) {
            List<Integer> done = new CopyOnWriteArrayList<>();
            AtomicReference<String> thread = new AtomicReference<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                assertThat(writer.offer(() -> done.add(n), 10), is(true));
            }
            assertThat(writer.submit(() -> thread.set(Thread.currentThread().getName())), is(true));
            assertThat(writer.awaitIdle(WAIT), is(true));
            assertThat(done, contains(0, 1, 2, 3, 4));
            assertThat(thread.get(), is("tts-cache-writer"));
        }
    }

    @Test
    void audioPastTheBoundIsRefusedUntilTheDiskCatchesUp() throws Exception {
        try (DiskWriter writer = new DiskWriter(1000)) {
            CountDownLatch release = new CountDownLatch(1);
            writer.submit(() -> await(release)); // a slow disk
            assertThat(writer.offer(() -> { }, 600), is(true));
            assertThat(writer.offer(() -> { }, 400), is(true));
            assertThat("past the bound", writer.offer(() -> { }, 1), is(false));
            assertThat("a commit or discard is never refused", writer.submit(() -> { }), is(true));
            assertThat(writer.awaitIdle(Duration.ofMillis(50)), is(false));
            release.countDown();
            assertThat(writer.awaitIdle(WAIT), is(true));
            assertThat(writer.offer(() -> { }, 1000), is(true));
        }
    }

    @Test
    void aFailingTaskLeavesTheWriterRunning() throws Exception {
        try (DiskWriter writer = new DiskWriter(1000)) {
            CountDownLatch after = new CountDownLatch(1);
            writer.submit(() -> {
                throw new IllegalStateException("disk trouble");
            });
            writer.submit(after::countDown);
            assertThat(after.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), is(true));
        }
    }

    @Test
    void closeFinishesQueuedWorkStopsTheThreadAndRefusesMore() throws Exception {
        DiskWriter writer = new DiskWriter(1000);
        AtomicReference<Thread> thread = new AtomicReference<>();
        List<Integer> done = new CopyOnWriteArrayList<>();
        writer.submit(() -> thread.set(Thread.currentThread()));
        writer.offer(() -> done.add(1), 10);
        writer.close();
        assertThat(done, contains(1));
        assertThat(thread.get().isAlive(), is(false));
        assertThat(writer.offer(() -> { }, 1), is(false));
        assertThat(writer.submit(() -> { }), is(false));
    }

    @Test
    void anEntryTheDiskCannotTakeIsNotCachedAndOthersAre() throws Exception {
        DiskCache cache = DiskCache.open(new CacheSettings(directory, 1 << 20, 1 << 20), SharedTier.none(), 1000);
        try {
            CountDownLatch release = new CountDownLatch(1);
            cache.diskWriter().submit(() -> await(release));
            CacheKey dropped = TestEntries.key("dropped");
            CacheKey kept = TestEntries.key("kept");
            try (CacheWriter first = cache.writer(dropped); CacheWriter second = cache.writer(kept)) {
                first.write(new byte[600]);
                first.write(new byte[600]);
                second.write(new byte[300]);
                assertThat("more than the disk writer takes", first.commit(), is(false));
                release.countDown();
                assertThat(second.commit(), is(true));
            }
            assertThat(cache.awaitWritten(WAIT), is(true));
            assertThat(cache.lookup(dropped).isPresent(), is(false));
            assertThat(cache.lookup(kept).isPresent(), is(true));
            assertThat(temporaryFiles(), is(0L));
            assertThat("every write batch given back", cache.batchesInUse(), is(0));
        } finally {
            cache.close();
        }
    }

    @Test
    void aShortReplyTouchesTheDiskOnlyAtItsCommitALongOneBatchByBatch() throws Exception {
        DiskCache cache = DiskCache.open(new CacheSettings(directory, 1 << 20, 1 << 20), SharedTier.none());
        try {
            try (CacheWriter writer = cache.writer(TestEntries.key("short"))) {
                writer.write(new byte[1000]);
                assertThat(cache.awaitWritten(WAIT), is(true));
                assertThat("nothing on disk before the commit", temporaryFiles(), is(0L));
                assertThat(writer.commit(), is(true));
            }
            try (CacheWriter writer = cache.writer(TestEntries.key("long"))) {
                writer.write(new byte[CacheWriter.BATCH_BYTES]);
                assertThat(cache.awaitWritten(WAIT), is(true));
                assertThat("a whole batch is written at once", temporaryFiles(), is(1L));
                writer.write(new byte[10]);
                assertThat(writer.commit(), is(true));
            }
            assertThat(cache.entryCount(), is(2));
            assertThat(temporaryFiles(), is(0L));
            assertThat(cache.awaitWritten(WAIT), is(true));
            assertThat("every write batch given back", cache.batchesInUse(), is(0));
        } finally {
            cache.close();
        }
    }

    private long temporaryFiles() throws java.io.IOException {
        try (Stream<Path> files = Files.list(directory.resolve("tmp"))) {
            return files.count();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
