package io.ttsgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.SharedTierStats;
import io.ttsgateway.fakes.RedisServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Two replicas with their own cache directories share one real Redis: what one synthesized, the
 * other serves as a cache hit; and requests complete while Redis hangs or is gone.
 */
@ServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisCacheTest {

    private static final Map<String, String> TONE = Map.of("TTS_PROVIDER", "tone");
    private static final long POLL_MILLIS = 50;

    private static RedisServer redis;
    private static Gateway first;
    private final int port;

    RedisCacheTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        redis = RedisServer.start();
        first = TestGateways.setUp(server, TestGateways.with(TONE, "CACHE_REDIS_URL", redis.url()));
    }

    @AfterAll
    static void close() {
        first.close();
        redis.close();
    }

    @Test
    @Order(2)
    void sentenceSynthesizedByOneReplicaIsACacheHitOnAnother() throws Exception {
        String text = "One replica synthesizes, the other one remembers.";
        Gateway second = TestGateways.create(TestGateways.with(TONE, "CACHE_REDIS_URL", redis.url()));
        WebServerConfig.Builder builder = WebServer.builder().port(0).host("localhost");
        second.setup(builder);
        WebServer secondServer = builder.build().start();
        try {
            assertThat(second.warmUp(), is(true));
            TestClient.Response synthesized;
            try (TestClient client = TestClient.connect(port)) {
                synthesized = client.synthesize("a", text).response("a");
            }
            assertThat(synthesized.start().path("source").asText(), is("tone"));
            assertThat(first.synthesizer().awaitIdle(TestClient.TIMEOUT), is(true));
            assertThat(first.cache().awaitShared(TestClient.TIMEOUT), is(true));
            assertThat(first.cache().sharedTierStats().writes(), is(1L));

            TestClient.Response hit;
            try (TestClient client = TestClient.connect(secondServer.port())) {
                hit = client.synthesize("b", text).response("b");
            }
            assertThat(hit.status(), is("completed"));
            assertThat(hit.start().path("source").asText(), is("cache"));
            assertThat(Arrays.equals(hit.audio(), synthesized.audio()), is(true));
            // Frames follow SESSION_AUDIO_FRAME, not the provider's chunks: how live audio coalesces
            // depends on timing, so the counts may differ, never the frame size.
            int largestLive = synthesized.chunks().stream().mapToInt(chunk -> chunk.length).max().orElseThrow();
            for (byte[] frame : hit.chunks()) {
                assertThat(frame.length, lessThanOrEqualTo(largestLive));
            }
            SharedTierStats stats = second.cache().sharedTierStats();
            assertThat(stats.hits(), is(1L));
            // The second gateway registered last, so the gateway-wide meters read its counters.
            String metrics = get(secondServer.port(), "/observe/metrics");
            assertThat(counter(metrics, "tts_cache_redis_hits_total"), is(1.0));
            assertThat(counter(metrics, "tts_cache_hits_total"), greaterThan(0.0));
        } finally {
            secondServer.stop();
            second.close();
        }
    }

    @Test
    @Order(1)
    void requestsCompleteWhileRedisHangsOrIsGoneAndRedisIsUsedAgainWhenBack() throws Exception {
        SharedTierStats stats = first.cache().sharedTierStats();
        long errorsBefore = stats.errors();
        try (TestClient client = TestClient.connect(port)) {
            redis.pause();
            try {
                TestClient.Response response = client.synthesize("hung", "Redis does not answer.").response("hung");
                assertThat(response.status(), is("completed"));
                assertThat(response.start().path("source").asText(), is("tone"));
            } finally {
                redis.resume();
            }
            redis.kill();
            assertThat("Redis is optional: readiness does not follow it", HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/health/ready"))
                                  .build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode(), is(200));
            for (int i = 0; i < 3; i++) {
                TestClient.Response response = client.synthesize("gone" + i, "Redis is gone.").response("gone" + i);
                assertThat(response.status(), is("completed"));
                assertThat("synthesized once, then from the disk", response.start().path("source").asText(),
                           is(i == 0 ? "tone" : "cache"));
            }
        } finally {
            redis.restart();
        }
        assertThat(stats.errors(), greaterThan(errorsBefore));
        // Only this gateway exists yet, so the gateway-wide meters read its counters.
        String metrics = get(port, "/observe/metrics");
        assertThat(counter(metrics, "tts_cache_redis_errors_total"), is((double) stats.errors()));
        assertThat("the tier comes back by itself once the backoff is over", awaitTierUp(first), is(true));
    }

    /** Looks up keys never stored until one lookup reaches Redis (neither skipped nor failed). */
    private static boolean awaitTierUp(Gateway gateway) throws InterruptedException {
        SharedTierStats stats = gateway.cache().sharedTierStats();
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        for (int i = 0; System.nanoTime() - deadline < 0; i++) {
            long skipped = stats.skipped();
            long errors = stats.errors();
            gateway.cache().lookup(CacheKey.of("probe", null, null, Map.of(), "pcm_24000", "probe " + i));
            if (stats.skipped() == skipped && stats.errors() == errors) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                      HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The value of a meter without tags other than the scope, from Prometheus text. */
    private static double counter(String metrics, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{scope=\"application\",?} ([0-9.Ee+-]+)$").matcher(metrics);
        assertThat(name + " is exported", value.find(), is(true));
        return Double.parseDouble(value.group(1));
    }
}
