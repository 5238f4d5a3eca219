package io.ttsgateway.cache.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.CacheSettings;
import io.ttsgateway.cache.CacheWriter;
import io.ttsgateway.cache.CachedAudio;
import io.ttsgateway.cache.SharedTierStats;
import io.ttsgateway.fakes.RedisServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import static io.ttsgateway.cache.TestEntries.bytes;
import static io.ttsgateway.cache.TestEntries.key;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Redis tier behind the disk, against a real redis-server: two caches with their own disks
 * share entries through it, only whole verified entries count, and a Redis that stops or hangs
 * costs a bounded wait and a miss, never a failure.
 */
class RedisTierTest {

    private static final long MB = 1024 * 1024;
    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    /** Far above one timeout plus the backoff; a lookup that takes this long is hanging. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private RedisServer redis;
    private RedisClient inspector;
    private final List<AudioCache> caches = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
        inspector = RedisClient.create("127.0.0.1", redis.port());
    }

    @AfterEach
    void stopRedis() {
        caches.forEach(AudioCache::close);
        inspector.close();
        redis.close();
    }

    @Test
    void entryCommittedByOneCacheIsAHitForAnotherAndFillsItsDisk() throws Exception {
        AudioCache first = open("a", redis.url(), MB);
        AudioCache second = open("b", redis.url(), MB);
        List<byte[]> chunks = List.of(bytes(4800, 1), bytes(4800, 2), bytes(77, 3));
        CacheKey key = commit(first, "shared sentence", chunks);

        assertThat(first.sharedTierStats().writes(), is(1L));
        assertThat(Files.exists(second.entryPath(key)), is(false));
        assertThat(read(second, key), contains(chunks.toArray()));
        assertThat("copied to the second disk", Files.exists(second.entryPath(key)), is(true));
        assertThat(second.sharedTierStats().hits(), is(1L));
        assertThat(read(second, key), contains(chunks.toArray()));
        assertThat("the second lookup is a disk hit", second.sharedTierStats().hits(), is(1L));
        assertThat(Files.readAllBytes(second.entryPath(key)), is(Files.readAllBytes(first.entryPath(key))));
    }

    @Test
    void entryExpiresAfterTheTtl() throws Exception {
        AudioCache cache = open("a", redis.url(), MB);
        CacheKey key = commit(cache, "expiring", List.of(bytes(1000, 1)));

        long ttl = inspector.pttl(RedisTier.redisKey(key));
        assertThat(ttl, greaterThan(0L));
        assertThat(ttl, lessThanOrEqualTo(TTL.toMillis()));
    }

    @Test
    void abandonedWriterLeavesNothingInRedis() throws Exception {
        AudioCache cache = open("a", redis.url(), MB);
        CacheKey key = key("cancelled");
        try (CacheWriter writer = cache.writer(key)) {
            writer.write(bytes(1000, 1));
        }
        assertThat(cache.awaitShared(WAIT), is(true));

        assertThat(inspector.exists(RedisTier.redisKey(key)), is(false));
        assertThat(cache.sharedTierStats().writes(), is(0L));
    }

    @Test
    void entryAboveTheRedisBoundStaysOnDisk() throws Exception {
        AudioCache cache = open("a", redis.url(), 1000);
        CacheKey key = commit(cache, "long", List.of(bytes(5000, 1)));

        assertThat(Files.exists(cache.entryPath(key)), is(true));
        assertThat(inspector.exists(RedisTier.redisKey(key)), is(false));
        assertThat(cache.sharedTierStats().writes(), is(0L));
    }

    @Test
    void garbageValueIsAMissAndIsDeleted() throws Exception {
        AudioCache cache = open("a", redis.url(), MB);
        CacheKey key = key("garbage");
        inspector.set(RedisTier.redisKey(key), "not an audio entry");

        assertThat(cache.lookup(key).isPresent(), is(false));
        assertThat(inspector.exists(RedisTier.redisKey(key)), is(false));
        assertThat(cache.sharedTierStats().corrupt(), is(1L));
        assertThat(Files.exists(cache.entryPath(key)), is(false));
    }

    @Test
    void flippedByteInAValueIsAMissAndIsDeleted() throws Exception {
        AudioCache writer = open("a", redis.url(), MB);
        AudioCache reader = open("b", redis.url(), MB);
        CacheKey key = commit(writer, "flipped", List.of(bytes(10_000, 1)));
        byte[] redisKey = RedisTier.redisKey(key).getBytes(StandardCharsets.US_ASCII);
        byte[] value = inspector.get(redisKey);
        value[value.length / 2] ^= 0x40;
        inspector.set(redisKey, value);

        assertThat(reader.lookup(key).isPresent(), is(false));
        assertThat(inspector.exists(redisKey), is(false));
        assertThat(reader.sharedTierStats().corrupt(), is(1L));
        assertThat(reader.sharedTierStats().misses(), is(1L));
    }

    @Test
    void stoppedRedisIsAQuickMissAndIsThenSkipped() throws Exception {
        AudioCache cache = open("a", redis.url(), MB);
        redis.stop();

        assertThat(lookupWithinBound(cache, key("redis is gone")).isPresent(), is(false));
        SharedTierStats stats = cache.sharedTierStats();
        assertThat(stats.errors(), is(1L));
        assertThat(lookupWithinBound(cache, key("still gone")).isPresent(), is(false));
        assertThat("skipped during the backoff, no second network call", stats.skipped(), is(1L));
        assertThat(stats.errors(), is(1L));
        assertThat(stats.misses(), is(2L));
        // A commit still succeeds on disk; its copy to Redis is skipped or fails quietly.
        CacheKey key = commit(cache, "written while down", List.of(bytes(100, 1)));
        assertThat(cache.lookup(key).isPresent(), is(true));
    }

    @Test
    void hungRedisCostsOneTimeout() throws Exception {
        AudioCache cache = open("a", redis.url(), MB);
        redis.pause();
        try {
            assertThat(lookupWithinBound(cache, key("redis hangs")).isPresent(), is(false));
            assertThat(cache.sharedTierStats().errors(), is(1L));
        } finally {
            redis.resume();
        }
    }

    @Test
    void restartedRedisIsUsedAgainByItself() throws Exception {
        AudioCache first = open("a", redis.url(), MB);
        AudioCache second = open("b", redis.url(), MB);
        redis.kill();
        assertThat(lookupWithinBound(second, key("before restart")).isPresent(), is(false));
        assertThat(second.sharedTierStats().errors(), is(1L));
        redis.restart();
        inspector.close(); // its pooled connection went with the old process
        inspector = RedisClient.create("127.0.0.1", redis.port());

        CacheKey key = commit(first, "after restart", List.of(bytes(3000, 7)));
        // The first cache may still be backing off too: put the entry in Redis by hand if it did not.
        inspector.set(RedisTier.redisKey(key).getBytes(StandardCharsets.US_ASCII),
                      Files.readAllBytes(first.entryPath(key)));
        assertThat("a hit once the backoff is over", poll(() -> lookupWithinBound(second, key).isPresent()),
                   is(true));
        assertThat(second.sharedTierStats().hits(), is(1L));
    }

    @Test
    void passwordInTheUrlLogsInAndIsNeverLogged() throws Exception {
        List<String> logged = new ArrayList<>();
        Logger logger = Logger.getLogger("io.ttsgateway.cache");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(new SimpleFormatter().formatMessage(record) + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (RedisServer secured = RedisServer.start("--requirepass", "s3cr+t")) {
            String url = "redis://:s3cr%2Bt@127.0.0.1:" + secured.port() + "/0";
            AudioCache first = open("a", url, MB);
            AudioCache second = open("b", url, MB);
            CacheKey key = commit(first, "secured", List.of(bytes(100, 1)));
            assertThat(first.sharedTierStats().writes(), is(1L));
            assertThat(second.lookup(key).isPresent(), is(true));

            AudioCache wrong = open("c", "redis://:n0tit@127.0.0.1:" + secured.port() + "/0", MB);
            assertThat(lookupWithinBound(wrong, key).isPresent(), is(false));
            assertThat(wrong.sharedTierStats().errors(), is(1L));
        } finally {
            logger.removeHandler(capture);
        }
        synchronized (logged) {
            assertThat("the start-up line and the failure were logged", logged.size(), greaterThan(1));
            assertThat(logged.toString(), not(containsString("s3cr")));
            assertThat(logged.toString(), not(containsString("n0tit")));
        }
    }

    private AudioCache open(String name, String url, long redisMaxEntry) throws IOException {
        RedisSettings settings = new RedisSettings(RedisEndpoint.parse(url), TTL, TIMEOUT, redisMaxEntry);
        AudioCache cache = AudioCache.open(new CacheSettings(directory.resolve(name), 64 * MB, 16 * MB),
                                           RedisTier.open(settings));
        caches.add(cache);
        return cache;
    }

    /** Commits an entry and waits until it has been handed to Redis (stored, skipped or failed). */
    private static CacheKey commit(AudioCache cache, String text, List<byte[]> chunks) throws InterruptedException {
        CacheKey key = key(text);
        try (CacheWriter writer = cache.writer(key)) {
            chunks.forEach(writer::write);
            assertThat(writer.commit(), is(true));
        }
        assertThat(cache.awaitShared(WAIT), is(true));
        return key;
    }

    private static Optional<CachedAudio> lookupWithinBound(AudioCache cache, CacheKey key) {
        Optional<CachedAudio> found = assertTimeoutPreemptively(BOUND, () -> cache.lookup(key));
        found.ifPresent(CachedAudio::close);
        return found;
    }

    private static List<byte[]> read(AudioCache cache, CacheKey key) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        try (CachedAudio audio = cache.lookup(key).orElseThrow()) {
            for (byte[] chunk = audio.next(); chunk != null; chunk = audio.next()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    /** Polls a condition until it holds or {@link #WAIT} is over. */
    private static boolean poll(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
