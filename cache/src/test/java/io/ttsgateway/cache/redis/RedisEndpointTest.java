package io.ttsgateway.cache.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisEndpointTest {

    @Test
    void plainUrl() {
        assertThat(RedisEndpoint.parse("redis://cache:6380/2"), is(new RedisEndpoint("cache", 6380, "", "", 2, false)));
        assertThat(RedisEndpoint.parse("redis://cache"), is(new RedisEndpoint("cache", 6379, "", "", 0, false)));
        assertThat(RedisEndpoint.parse("redis://redis_cache:7000/"),
                   is(new RedisEndpoint("redis_cache", 7000, "", "", 0, false)));
    }

    @Test
    void credentialsAndTls() {
        assertThat(RedisEndpoint.parse("redis://:p%40ss+word@host:6379/0"),
                   is(new RedisEndpoint("host", 6379, "", "p@ss+word", 0, false)));
        assertThat(RedisEndpoint.parse("rediss://app:secret@host/1"),
                   is(new RedisEndpoint("host", 6379, "app", "secret", 1, true)));
    }

    @Test
    void printedWithThePasswordMasked() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://app:secret@host:6379/1");
        assertThat(endpoint.toString(), is("rediss://app:***@host:6379/1"));
        assertThat(RedisEndpoint.parse("redis://:secret@host").toString(), not(containsString("secret")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://host:6379", "host:6379", "redis://", "redis://host:6379/zero",
            "redis://host:99999", "redis://secret@host", "redis://host/0?timeout=1", "redis://:se cret@host"})
    void badUrlsAreRefusedWithoutEchoingThem(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse(url));
        assertThat(e.getMessage(), not(containsString("secret")));
    }
}
