package io.ttsgateway.cache;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ttsgateway.cache.TestEntries.bytes;
import static io.ttsgateway.cache.TestEntries.key;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

class AudioCacheTest {

    private static final long MB = 1024 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    @Test
    void committedEntryReplaysTheSameChunks() throws IOException {
        AudioCache cache = open(MB);
        CacheKey key = key("hello");
        List<byte[]> chunks = List.of(bytes(4800, 1), bytes(4800, 2), bytes(1234, 3));
        try (CacheWriter writer = cache.writer(key)) {
            chunks.forEach(writer::write);
            assertThat("not visible before commit", cache.lookup(key).isPresent(), is(false));
            assertThat(writer.commit(), is(true));
        }
        assertThat(read(cache, key), contains(chunks.toArray()));
        assertThat(temporaryFiles(), is(0L));
    }

    @Test
    void anEntryWrittenInManyBatchesReplaysEveryChunk() throws Exception {
        AudioCache cache = open(MB);
        CacheKey key = key("long reply");
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            chunks.add(bytes(1000 + i, i)); // about 94 KB: the disk writer gets six batches
        }
        // Chunks longer than a batch (as the embedded engine's first sentence) span batches.
        chunks.add(bytes(3 * CacheWriter.BATCH_BYTES + 5, 91));
        chunks.add(bytes(CacheWriter.BATCH_BYTES - 4, 92));
        chunks.add(bytes(7, 93));
        try (CacheWriter writer = cache.writer(key)) {
            chunks.forEach(writer::write);
            assertThat(writer.commit(), is(true));
        }
        assertThat(read(cache, key), contains(chunks.toArray()));
        assertThat(temporaryFiles(), is(0L));
        assertThat(cache.awaitWritten(WAIT), is(true));
        assertThat("every write batch given back", ((DiskCache) cache).batchesInUse(), is(0));
    }

    @Test
    void aCancelClosingTheWriterFromAnotherThreadGivesEveryBatchBackOnce() throws Exception {
        DiskCache cache = (DiskCache) open(64 * MB);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int round = 0; round < 300; round++) {
            CacheWriter writer = cache.writer(key("cancelled mid-stream " + round));
            CountDownLatch writing = new CountDownLatch(1);
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        writer.write(bytes(3000, i));
                        writing.countDown();
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            });
            writing.await();
            writer.close(); // the cancel, while the producer is still writing
            producer.join();
        }
        assertThat(failed.get(), is(nullValue()));
        assertThat(cache.awaitWritten(WAIT), is(true));
        assertThat("every write batch given back, once", cache.batchesInUse(), is(0));
        assertThat(temporaryFiles(), is(0L));
    }

    @Test
    void uncommittedEntryLeavesNothing() throws Exception {
        AudioCache cache = open(MB);
        CacheKey key = key("cancelled");
        try (CacheWriter writer = cache.writer(key)) {
            writer.write(bytes(100, 1));
            writer.write(bytes(CacheWriter.BATCH_BYTES, 2)); // one batch on disk, one being filled
        }
        assertThat(cache.awaitWritten(WAIT), is(true));
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(Files.exists(cache.entryPath(key)), is(false));
        assertThat(temporaryFiles(), is(0L));
        assertThat("every write batch given back", ((DiskCache) cache).batchesInUse(), is(0));
    }

    @Test
    void truncatedEntryIsDeletedAndMissed() throws IOException {
        AudioCache cache = open(MB);
        CacheKey key = commit(cache, "truncated", 10_000);
        try (RandomAccessFile file = new RandomAccessFile(cache.entryPath(key).toFile(), "rw")) {
            file.setLength(file.length() - 10);
        }
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(Files.exists(cache.entryPath(key)), is(false));
        assertThat(cache.corruptEntries(), is(1L));
    }

    @Test
    void flippedByteIsDeletedAndMissed() throws IOException {
        AudioCache cache = open(MB);
        CacheKey key = commit(cache, "flipped", 10_000);
        try (RandomAccessFile file = new RandomAccessFile(cache.entryPath(key).toFile(), "rw")) {
            file.seek(5000);
            int b = file.read();
            file.seek(5000);
            file.write(b ^ 0x40);
        }
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(cache.corruptEntries(), is(1L));
    }

    @Test
    void garbageFileIsAMiss() throws IOException {
        AudioCache cache = open(MB);
        CacheKey key = key("garbage");
        Files.createDirectories(cache.entryPath(key).getParent());
        Files.writeString(cache.entryPath(key), "not audio");
        // Written behind the running cache's back: not indexed, so a miss that opens no file.
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(Files.exists(cache.entryPath(key)), is(true));
        cache.close();

        AudioCache restarted = open(MB); // the start-up scan indexes it; its first read finds it corrupt
        assertThat(restarted.lookup(key).isPresent(), is(false));
        assertThat(Files.exists(restarted.entryPath(key)), is(false));
        restarted.close();
    }

    @Test
    void leastRecentlyUsedEntriesAreEvictedPastTheBound() throws IOException {
        AudioCache cache = open(35_000);
        CacheKey first = commit(cache, "first", 10_000);
        CacheKey second = commit(cache, "second", 10_000);
        CacheKey third = commit(cache, "third", 10_000);
        cache.lookup(first).orElseThrow().close(); // first is now more recent than second
        CacheKey fourth = commit(cache, "fourth", 10_000);

        assertThat(cache.lookup(second).isPresent(), is(false));
        for (CacheKey kept : List.of(first, third, fourth)) {
            try (CachedAudio audio = cache.lookup(kept).orElseThrow()) {
                assertThat(audio.audioBytes(), is(10_000L));
            }
        }
        assertThat(cache.evictions(), is(1L));
        assertThat(cache.sizeBytes() <= 35_000, is(true));
    }

    @Test
    void entriesSurviveARestartAndLeftoversAreCleared() throws Exception {
        AudioCache cache = open(MB);
        CacheKey key = commit(cache, "persisted", 5000);
        CacheWriter abandoned = cache.writer(key("crashed mid-write"));
        abandoned.write(bytes(100, 1)); // never closed: as if the process died
        assertThat(cache.awaitWritten(WAIT), is(true));

        AudioCache reopened = open(MB);
        assertThat(reopened.entryCount(), is(1));
        assertThat(reopened.lookup(key).isPresent(), is(true));
        assertThat(temporaryFiles(), is(0L));
    }

    @Test
    void partialFilesOfAKilledProcessAreRemovedAtStartAndCountedInTheLog() throws IOException {
        open(MB);
        for (int i = 0; i < 3; i++) { // what kill -9 during three cache writes leaves
            Files.write(directory.resolve("tmp").resolve("entry" + i + EntryFormat.TEMP_SUFFIX), bytes(100, i));
        }
        List<String> logged = new ArrayList<>();
        Logger logger = Logger.getLogger(DiskCache.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            open(MB);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(temporaryFiles(), is(0L));
        assertThat(logged, hasItem("INFO Removed 3 partial cache file(s) left by an earlier run"));
    }

    @Test
    void tooLongToCacheIsStreamedButNotStored() throws Exception {
        AudioCache cache = AudioCache.open(new CacheSettings(directory, MB, 1000));
        CacheKey key = key("long");
        try (CacheWriter writer = cache.writer(key)) {
            writer.write(bytes(800, 1));
            writer.write(bytes(800, 2));
            assertThat(writer.commit(), is(false));
        }
        assertThat(cache.awaitWritten(WAIT), is(true));
        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(temporaryFiles(), is(0L));
        assertThat("every write batch given back", ((DiskCache) cache).batchesInUse(), is(0));
    }

    @Test
    void concurrentWritersOfOneKeyLeaveOneGoodEntry() throws Exception {
        AudioCache cache = open(MB);
        CacheKey key = key("same text");
        int writers = 8;
        CyclicBarrier barrier = new CyclicBarrier(writers);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                results.add(executor.submit(() -> {
                    try (CacheWriter writer = cache.writer(key)) {
                        for (int c = 0; c < 20; c++) {
                            writer.write(bytes(4096, c));
                            if (c == 10) {
                                barrier.await(10, TimeUnit.SECONDS);
                            }
                        }
                        return writer.commit();
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS), is(true));
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(cache.entryCount(), is(1));
        assertThat(read(cache, key).size(), is(20));
        assertThat(temporaryFiles(), is(0L));
    }

    @Test
    void keyCoversEveryField() {
        CacheKey base = CacheKey.of("p", "m", "v", Map.of("s", "1"), "pcm_24000", "hi");
        assertThat(CacheKey.of("p", "m", "v", Map.of("s", "1"), "pcm_24000", "hi"), is(base));
        assertThat(CacheKey.of("q", "m", "v", Map.of("s", "1"), "pcm_24000", "hi"), is(not(base)));
        assertThat(CacheKey.of("p", "n", "v", Map.of("s", "1"), "pcm_24000", "hi"), is(not(base)));
        assertThat(CacheKey.of("p", "m", "w", Map.of("s", "1"), "pcm_24000", "hi"), is(not(base)));
        assertThat(CacheKey.of("p", "m", "v", Map.of("s", "2"), "pcm_24000", "hi"), is(not(base)));
        assertThat(CacheKey.of("p", "m", "v", Map.of("s", "1"), "pcm_16000", "hi"), is(not(base)));
        assertThat(CacheKey.of("p", "m", "v", Map.of("s", "1"), "pcm_24000", "hi!"), is(not(base)));
        assertThat("fields do not run into each other",
                   CacheKey.of("ab", "c", null, Map.of(), "f", "t"), is(not(CacheKey.of("a", "bc", null, Map.of(), "f", "t"))));
    }

    @Test
    void keysOfEarlierReleasesStayTheSame() {
        // Computed by the key code before it was made cheaper: entries on disk and in Redis keep their addresses.
        assertThat(CacheKey.of("tone", null, null, Map.of(), "pcm_24000", "Hello, how can I assist you today?").hex(),
                   is("d9550429e146c3872960cfe31408e418ff21d754954cb516fdd669444eacd84c"));
        assertThat(CacheKey.of("openai", "tts-1", "alloy", Map.of("speed", "1.5"), "pcm_24000", "Grüße, 世界").hex(),
                   is("5a8fa561aaa48ae77a777da39f3355d835ed4e57e309979853678782871e0710"));
        assertThat(CacheKey.of("elevenlabs", "m", "v", Map.of("stability", "0.5", "similarity", "0.7", "speed", "1.0"),
                               "ulaw_8000", "").hex(),
                   is("7453c9127be07892dc4385eaf7a03ed1009b261cfdd130f4bf31924038b1479f"));
    }

    @Test
    void entryFilesAreReadableByTheOwnerOnly() throws Exception {
        Assumptions.assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        AudioCache cache = open(MB);
        try (CacheWriter writer = cache.writer(key("private"))) {
            writer.write(bytes(CacheWriter.BATCH_BYTES, 1)); // a whole batch: its file is made now
            assertThat(cache.awaitWritten(WAIT), is(true));
            try (Stream<Path> files = Files.list(directory.resolve("tmp"))) {
                Path temp = files.findFirst().orElseThrow();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)), is("rw-------"));
            }
            assertThat(writer.commit(), is(true));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.entryPath(key("private")))),
                   is("rw-------"));
    }

    @Test
    void anEntryIsCommittedAfterItsDirectoryWasRemoved() throws IOException {
        AudioCache cache = open(MB);
        CacheKey key = commit(cache, "again", 500);
        Path shard = cache.entryPath(key).getParent();
        Files.delete(cache.entryPath(key));
        Files.delete(shard); // an operator clearing the cache by hand while it runs
        commit(cache, "again", 500);
        assertThat(read(cache, key).size(), is(1));
        assertThat(temporaryFiles(), is(0L));
    }

    private AudioCache open(long maxBytes) throws IOException {
        return AudioCache.open(new CacheSettings(directory, maxBytes, maxBytes));
    }

    private CacheKey commit(AudioCache cache, String text, int size) {
        CacheKey key = key(text);
        try (CacheWriter writer = cache.writer(key)) {
            writer.write(bytes(size, text.hashCode()));
            assertThat(writer.commit(), is(true));
        }
        return key;
    }

    private static List<byte[]> read(AudioCache cache, CacheKey key) throws IOException {
        Optional<CachedAudio> found = cache.lookup(key);
        assertThat("entry present", found.isPresent(), is(true));
        List<byte[]> chunks = new ArrayList<>();
        try (CachedAudio audio = found.get()) {
            for (byte[] chunk = audio.next(); chunk != null; chunk = audio.next()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    private long temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("tmp"))) {
            return files.count();
        }
    }
}
