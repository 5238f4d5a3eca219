package io.ttsgateway.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ttsgateway.cache.TestEntries.bytes;
import static io.ttsgateway.cache.TestEntries.key;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Lookups, commits and evictions from many threads on a cache that holds a few entries. */
class CacheConcurrencyTest {

    private static final int TEXTS = 20;
    private static final int CHUNKS = 4;
    private static final int THREADS = 8;
    private static final int OPERATIONS = 300;
    /** About five entries. */
    private static final long MAX_BYTES = 5L * CHUNKS * 2100;

    @TempDir
    Path directory;

    @Test
    void lookupsRacingEvictionsNeverFailAndNeverServeWrongAudio() throws Exception {
        AudioCache cache = AudioCache.open(new CacheSettings(directory, MAX_BYTES, MAX_BYTES));
        LongAdder hits = new LongAdder();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(executor.submit(() -> {
                    for (int i = 0; i < OPERATIONS; i++) {
                        int text = ThreadLocalRandom.current().nextInt(TEXTS);
                        if (readOrWrite(cache, text)) {
                            hits.increment();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS); // any exception or wrong chunk fails here
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(hits.sum(), is(greaterThan(0L)));
        assertThat(cache.evictions(), is(greaterThan(0L)));
        assertThat(cache.corruptEntries(), is(0L));
        assertThat(cache.sizeBytes(), is(lessThanOrEqualTo(MAX_BYTES)));
        List<Path> files = entryFiles();
        long bytesOnDisk = 0;
        for (Path file : files) {
            bytesOnDisk += Files.size(file);
        }
        assertThat("no file outside the index", files.size(), is(lessThanOrEqualTo(cache.entryCount())));
        assertThat(bytesOnDisk, is(lessThanOrEqualTo(MAX_BYTES)));
        assertThat(cache.awaitWritten(Duration.ofSeconds(10)), is(true));
        try (Stream<Path> temporary = Files.list(directory.resolve("tmp"))) {
            assertThat(temporary.count(), is(0L));
        }
    }

    /** A hit is read whole and compared; a miss writes the entry. Returns whether it was a hit. */
    private static boolean readOrWrite(AudioCache cache, int text) throws Exception {
        CacheKey key = key("text " + text);
        Optional<CachedAudio> found = cache.lookup(key);
        if (found.isPresent()) {
            try (CachedAudio audio = found.get()) {
                for (int c = 0; c < CHUNKS; c++) {
                    byte[] chunk = audio.next();
                    if (!java.util.Arrays.equals(chunk, chunk(text, c))) {
                        throw new AssertionError("wrong chunk " + c + " of text " + text);
                    }
                }
                if (audio.next() != null) {
                    throw new AssertionError("extra chunk in text " + text);
                }
            }
            return true;
        }
        try (CacheWriter writer = cache.writer(key)) {
            for (int c = 0; c < CHUNKS; c++) {
                writer.write(chunk(text, c));
            }
            if (!writer.commit()) {
                throw new AssertionError("commit of text " + text + " failed");
            }
        }
        return false;
    }

    private static byte[] chunk(int text, int index) {
        return bytes(2000 + text, text * 7 + index);
    }

    private List<Path> entryFiles() throws Exception {
        try (Stream<Path> files = Files.find(directory, 2, (path, attributes) ->
                attributes.isRegularFile() && path.toString().endsWith(".audio"))) {
            return files.toList();
        }
    }
}
