package io.ttsgateway.usage;

import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Each request's usage adds to the four counters of its key and provider (their meters found once
 * per key and provider, then reused), and another key or provider counts apart.
 */
class UsageMetricsTest {

    @Test
    void requestsAddUpUnderTheirKeyAndProvider() {
        UsageMetrics metrics = new UsageMetrics();
        UsageKey key = new UsageKey("usage-metrics-test", "tone");
        metrics.record(key, new Usage(12, 800, 1, 0));
        metrics.record(key, new Usage(30, 1500, 1, 1));
        metrics.record(new UsageKey("usage-metrics-test", "other"), new Usage(5, 100, 1, 0));

        assertThat(count("tts.usage.characters", "tone"), is(42L));
        assertThat(count("tts.usage.audio.milliseconds", "tone"), is(2300L));
        assertThat(count("tts.usage.requests", "tone"), is(2L));
        assertThat(count("tts.usage.cache.hits", "tone"), is(1L));
        assertThat(count("tts.usage.requests", "other"), is(1L));
        assertThat(count("tts.usage.characters", "other"), is(5L));
    }

    private static long count(String name, String provider) {
        return Metrics.globalRegistry()
                .counter(name, List.of(Tag.create("key", "usage-metrics-test"), Tag.create("provider", provider)))
                .map(Counter::count).orElse(-1L);
    }
}
