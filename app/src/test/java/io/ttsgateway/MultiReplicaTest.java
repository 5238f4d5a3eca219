package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.fakes.RedisServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Two gateway processes sharing one real Redis behind a real HAProxy with the project's
 * configuration: what one replica synthesized is a hit on the other, a replica asked to stop
 * drains while the other serves, and a replica killed mid-synthesis leaves no partial entry.
 */
class MultiReplicaTest {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(10);
    private static final Duration EXIT = Duration.ofSeconds(30);
    /** 200 characters at 60 ms each: 12 s of audio, streamed at five times real time. */
    private static final String LONG_TEXT = "A long answer. ".repeat(13) + "The end.";

    private RedisServer redis;
    private Path cache1;
    private GatewayProcess replica1;
    private GatewayProcess replica2;
    private HaproxyProcess haproxy;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        cache1 = Files.createTempDirectory("tts-replica1");
        replica1 = GatewayProcess.start(environment(cache1));
        replica2 = GatewayProcess.start(environment(Files.createTempDirectory("tts-replica2")));
        replica1.awaitReady(READY);
        replica2.awaitReady(READY);
        haproxy = HaproxyProcess.start(replica1.address(), replica2.address());
        haproxy.awaitStatus("replica1", "UP", HEALTH_CHECK);
        haproxy.awaitStatus("replica2", "UP", HEALTH_CHECK);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {haproxy, replica1, replica2, redis}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void whatOneReplicaSynthesizedIsACacheHitOnTheOther() throws Exception {
        String text = "Shared between replicas " + System.nanoTime() + ".";
        try (TestClient first = TestClient.connect(haproxy.port())) {
            TestClient.Response synthesized = first.synthesize("a", text).response("a");
            assertThat(synthesized.start().path("source").asText(), is("tone"));
            GatewayProcess origin = servingOne();
            awaitMetric(origin, "tts_cache_redis_writes_total", 1);
            // The first connection is still open: HAProxy (leastconn) sends the second to the other replica.
            try (TestClient second = TestClient.connect(haproxy.port())) {
                TestClient.Response hit = second.synthesize("b", text).response("b");

                assertThat(hit.status(), is("completed"));
                assertThat(hit.start().path("source").asText(), is("cache"));
                assertArrayEquals(synthesized.audio(), hit.audio());
                GatewayProcess other = origin == replica1 ? replica2 : replica1;
                assertThat(other.metric("tts_cache_redis_hits_total"), is(1.0));
                assertThat(other.metric("tts_cache_misses_total"), is(0.0));
            }
        }
    }

    @Test
    void aReplicaAskedToStopDrainsWhileTheOtherServes() throws Exception {
        try (TestClient client = TestClient.connect(haproxy.port())) {
            client.synthesize("long", LONG_TEXT);
            JsonNode start = client.nextText().json();
            assertThat(start.path("action").asText(), is("start"));
            GatewayProcess draining = servingOne();
            String name = draining == replica1 ? "replica1" : "replica2";

            draining.terminate();

            // HAProxy takes it out on its failing readiness; its open session still finishes.
            haproxy.awaitStatus(name, "DOWN", HEALTH_CHECK);
            try (TestClient fresh = TestClient.connect(haproxy.port())) {
                assertThat(fresh.synthesize("new", "Served by the other replica.").response("new").status(),
                           is("completed"));
            }
            TestClient.Response rest = client.response("long", start);
            assertThat(rest.status(), is("completed"));
            assertThat(rest.audio().length, greaterThan(0));
            assertThat(draining.awaitExit(EXIT), is(not(-1)));
            assertThat(client.next(), instanceOf(TestClient.Closed.class));
        }
    }

    @Test
    void aReplicaKilledMidSynthesisLeavesNoPartialEntry() throws Exception {
        String text = LONG_TEXT + " " + System.nanoTime();
        try (TestClient client = TestClient.connect(haproxy.port())) {
            client.synthesize("long", text);
            assertThat(client.nextText().action(), is("start"));
            assertThat(client.next(), instanceOf(TestClient.Binary.class));
            GatewayProcess killed = servingOne();
            String name = killed == replica1 ? "replica1" : "replica2";

            killed.kill();

            haproxy.awaitStatus(name, "DOWN", HEALTH_CHECK);
            GatewayProcess survivor = killed == replica1 ? replica2 : replica1;
            try (TestClient again = TestClient.connect(haproxy.port())) {
                TestClient.Response response = again.synthesize("again", text).response("again");
                // Nothing of the killed synthesis is in Redis: the survivor synthesizes it whole.
                assertThat(response.status(), is("completed"));
                assertThat(response.start().path("source").asText(), is("tone"));
                assertThat(survivor.metric("tts_cache_redis_hits_total"), is(0.0));
            }
            if (killed == replica1) {
                assertThat(entries(cache1), is(List.of()));
            }
        }
    }

    /** The replica holding the one open session. */
    private GatewayProcess servingOne() throws Exception {
        long deadline = System.nanoTime() + HEALTH_CHECK.toNanos();
        while (System.nanoTime() < deadline) {
            boolean first = replica1.metric("tts_sessions_active") >= 1;
            boolean second = replica2.metric("tts_sessions_active") >= 1;
            if (first != second) {
                return first ? replica1 : replica2;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no single replica holds the session");
    }

    private static void awaitMetric(GatewayProcess replica, String name, double atLeast) throws Exception {
        long deadline = System.nanoTime() + HEALTH_CHECK.toNanos();
        while (replica.metric(name) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(replica.metric(name), greaterThanOrEqualTo(atLeast));
    }

    /** Committed entries of a cache directory (not its temporary files). */
    private static List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !cache.relativize(file).startsWith("tmp"))
                    .toList();
        }
    }

    private Map<String, String> environment(Path cache) {
        return Map.of("TTS_PROVIDER", "tone",
                      "TONE_CHUNK_INTERVAL", "PT0.02S",
                      "TONE_CHUNK", "PT0.1S",
                      "TONE_PER_CHARACTER", "PT0.06S",
                      "CACHE_DIR", cache.toString(),
                      "CACHE_REDIS_URL", redis.url(),
                      "SHUTDOWN_GRACE_PERIOD", "PT20S");
    }
}
