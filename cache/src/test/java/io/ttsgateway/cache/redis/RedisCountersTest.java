package io.ttsgateway.cache.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ttsgateway.fakes.RedisServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Counters in a real Redis: hash fields added whole, windowed counters that grow only while every
 * one stays within its limit, and a Redis that is gone answered "unavailable" without waiting.
 */
class RedisCountersTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration BOUND = Duration.ofSeconds(5);

    private RedisServer redis;
    private RedisClient inspector;
    private RedisCounters counters;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        inspector = RedisClient.create("127.0.0.1", redis.port());
        counters = RedisCounters.open(new RedisSettings(RedisEndpoint.parse(redis.url()), Duration.ofHours(1), TIMEOUT,
                                                        RedisSettings.DEFAULT_MAX_ENTRY_BYTES), "test counters");
    }

    @AfterEach
    void stop() {
        counters.close();
        inspector.close();
        redis.close();
    }

    @Test
    void hashFieldsAddUp() {
        assertThat(counters.add("h", Map.of("a/x", 3L, "a/y", 5L)), is(true));
        assertThat(counters.add("h", Map.of("a/x", 4L)), is(true));
        inspector.hset("h", "foreign", "not a number");
        assertThat(counters.read("h"), is(Optional.of(Map.of("a/x", 7L, "a/y", 5L))));
        assertThat(counters.read("missing"), is(Optional.of(Map.of())));
    }

    @Test
    void windowsGrowOnlyWhileEveryOneIsWithinItsLimit() {
        List<RedisCounters.Window> windows = List.of(new RedisCounters.Window("m", 20, Duration.ofSeconds(90)),
                                                     new RedisCounters.Window("d", 30, Duration.ofHours(25)));
        assertThat(counters.addWithinLimits(windows, 15), is(Optional.of(0)));
        assertThat("the first is full", counters.addWithinLimits(windows, 10), is(Optional.of(1)));
        inspector.del("m"); // a new minute
        assertThat("the second would pass 30", counters.addWithinLimits(windows, 16), is(Optional.of(2)));
        assertThat(counters.addWithinLimits(windows, 15), is(Optional.of(0)));
        assertThat(inspector.get("m"), is("15"));
        assertThat(inspector.get("d"), is("30"));
        assertThat(inspector.pttl("m"), allOf(greaterThan(0L), lessThanOrEqualTo(90_000L)));
        assertThat(inspector.pttl("d"), greaterThan(90_000L));
    }

    @Test
    void aRedisThatIsGoneIsUnavailableAtOnce() {
        redis.stop();
        assertTimeoutPreemptively(BOUND, () -> {
            assertThat(counters.add("h", Map.of("a", 1L)), is(false));
            assertThat(counters.read("h"), is(Optional.empty()));
            assertThat(counters.addWithinLimits(List.of(new RedisCounters.Window("m", 5, Duration.ofMinutes(1))), 1),
                       is(Optional.empty()));
        });
        assertThat(counters.failures(), is(3L));
    }
}
