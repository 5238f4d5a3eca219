import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.CacheSettings;
import io.ttsgateway.cache.CacheWriter;
import io.ttsgateway.cache.CachedAudio;

/**
 * What one cache hit costs inside the cache, stage by stage, in microseconds (median and p99 over
 * many hits on a warm JIT): the key (SHA-256 of the request), the lookup (index, open, header and
 * first chunk read and checked), the rest of the chunks, and the close. Then hits per second with
 * T threads at once, all on one entry and each on its own. The entry is the hit scenario's:
 * "Hello, how can I assist you today?" from the tone provider, 7 chunks of 4,800 bytes.
 *   java -cp 'app/target/tts-gateway.jar:app/target/libs/*' scripts/CacheHitCost.java [threads]
 * scripts/cache-hit-cost.sh runs it; docs/performance.md (Cache hits) has its figures.
 */
public final class CacheHitCost {

    private static final int CHUNKS = 7;
    private static final int CHUNK_BYTES = 4_800;
    private static final int ROUNDS = 20_000;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path directory = Files.createTempDirectory("cache-hit-cost");
        try (AudioCache cache = AudioCache.open(new CacheSettings(directory, 1L << 30, 16L << 20))) {
            List<CacheKey> keys = IntStream.range(0, threads).mapToObj(i -> key("entry " + i)).toList();
            for (CacheKey key : keys) {
                write(cache, key);
            }
            stages(cache, keys.getFirst(), ROUNDS); // warm-up
            stages(cache, keys.getFirst(), ROUNDS);
            concurrent(cache, keys, 1, "one thread");
            concurrent(cache, List.of(keys.getFirst()), threads, threads + " threads, one entry");
            concurrent(cache, keys, threads, threads + " threads, an entry each");
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static CacheKey key(String text) {
        return CacheKey.of("tone", "tone-1", "a4", Map.of(), "pcm_24000", text);
    }

    private static void write(AudioCache cache, CacheKey key) {
        try (CacheWriter writer = cache.writer(key)) {
            for (int i = 0; i < CHUNKS; i++) {
                writer.write(new byte[CHUNK_BYTES]);
            }
            if (!writer.commit()) {
                throw new IllegalStateException("entry not committed");
            }
        }
    }

    private static void stages(AudioCache cache, CacheKey key, int rounds) throws Exception {
        long[] hashing = new long[rounds];
        long[] lookup = new long[rounds];
        long[] rest = new long[rounds];
        long[] close = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            CacheKey.of("tone", "tone-1", "a4", Map.of(), "pcm_24000", "Hello, how can I assist you today?");
            long t1 = System.nanoTime();
            Optional<CachedAudio> hit = cache.lookup(key);
            CachedAudio audio = hit.orElseThrow();
            audio.next();
            long t2 = System.nanoTime();
            while (audio.next() != null) {
                // the rest
            }
            long t3 = System.nanoTime();
            audio.close();
            long t4 = System.nanoTime();
            hashing[i] = t1 - t0;
            lookup[i] = t2 - t1;
            rest[i] = t3 - t2;
            close[i] = t4 - t3;
        }
        System.out.printf("one hit, µs p50 / p99: key %s, lookup to first chunk %s, %d more chunks %s, close %s%n",
                          stat(hashing), stat(lookup), CHUNKS - 1, stat(rest), stat(close));
    }

    private static void concurrent(AudioCache cache, List<CacheKey> keys, int threads, String label) throws Exception {
        int perThread = Math.max(200, ROUNDS / threads);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            List<Future<long[]>> results = IntStream.range(0, threads).mapToObj(t -> pool.submit(() -> {
                CacheKey key = keys.get(t % keys.size());
                long[] firstChunk = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    long t0 = System.nanoTime();
                    try (CachedAudio audio = cache.lookup(key).orElseThrow()) {
                        audio.next();
                        firstChunk[i] = System.nanoTime() - t0;
                        while (audio.next() != null) {
                            // the rest
                        }
                    }
                }
                return firstChunk;
            })).toList();
            long[] all = new long[0];
            for (Future<long[]> result : results) {
                long[] one = result.get(5, TimeUnit.MINUTES);
                all = concat(all, one);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s: %.0f hits/s, lookup to first chunk µs p50 / p99 %s%n", label,
                              all.length / seconds, stat(all));
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static String stat(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.1f / %.1f", sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }

    private CacheHitCost() {
    }
}
