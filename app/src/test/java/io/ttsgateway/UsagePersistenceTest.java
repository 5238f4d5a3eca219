package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.ttsgateway.fakes.RedisServer;
import io.ttsgateway.keys.KeyHash;
import io.ttsgateway.usage.DiskUsageStore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Usage per key outlives the gateway: on disk under the cache directory, and in Redis, where
 * replicas share one count. Without an admin key there is no admin endpoint.
 */
class UsagePersistenceTest {

    private static final String KEY = "sk-persist-6a0b";
    private static final String ADMIN = "admin-key-c0de";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    private Path dir;

    @Test
    void usageSurvivesARestartOnDisk() throws Exception {
        Map<String, String> environment = environment(dir.resolve("cache"));
        try (Running first = Running.start(environment)) {
            first.speak("r1", "Remember me.");
        }
        assertThat(Files.isRegularFile(dir.resolve("cache").resolve(DiskUsageStore.DIRECTORY)
                                               .resolve(DiskUsageStore.FILE)), is(true));
        try (Running second = Running.start(environment)) {
            JsonNode row = AdminUsage.awaitRow(second.port(), ADMIN, "persist", "tone", 1);
            assertThat(row.path("characters").asLong(), is(12L));
            second.speak("r2", "And me.");
            assertThat(AdminUsage.awaitRow(second.port(), ADMIN, "persist", "tone", 2).path("characters").asLong(),
                       is(19L));
        }
    }

    @Test
    void usageInRedisSurvivesARestartAndIsSharedByReplicas() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> one = environment(dir.resolve("one"));
            one.put("CACHE_REDIS_URL", redis.url());
            Map<String, String> other = environment(dir.resolve("other"));
            other.put("CACHE_REDIS_URL", redis.url());
            try (Running first = Running.start(one)) {
                first.speak("r1", "Shared count.");
            }
            try (Running second = Running.start(other); Running third = Running.start(one)) {
                assertThat(MAPPER.readTree(AdminUsage.get(second.port(), ADMIN).body()).path("store").asText(),
                           is("redis"));
                assertThat(AdminUsage.awaitRow(second.port(), ADMIN, "persist", "tone", 1).path("characters")
                                   .asLong(), is(13L));
                third.speak("r2", "Two.");
                // Seen by the other replica once the third has stored it (within its flush interval).
                assertThat(AdminUsage.awaitRow(second.port(), ADMIN, "persist", "tone", 2).path("characters")
                                   .asLong(), is(17L));
            }
        }
    }

    @Test
    void withoutAnAdminKeyTheEndpointDoesNotExist() throws Exception {
        Map<String, String> environment = environment(dir.resolve("cache"));
        environment.remove("GATEWAY_ADMIN_KEY");
        try (Running gateway = Running.start(environment)) {
            assertThat(AdminUsage.get(gateway.port(), ADMIN).statusCode(), is(404));
            assertThat(AdminUsage.get(gateway.port(), null).statusCode(), is(404));
        }
    }

    private Map<String, String> environment(Path cache) throws IOException {
        Path keys = dir.resolve("keys.yaml");
        Files.writeString(keys, "keys:\n  - name: persist\n    sha256: \"" + KeyHash.hex(KEY) + "\"\n");
        return new HashMap<>(Map.of("TTS_PROVIDER", "tone", "CACHE_DIR", cache.toString(),
                                    "GATEWAY_KEYS_FILE", keys.toString(), "GATEWAY_ADMIN_KEY", ADMIN,
                                    "GATEWAY_USAGE_FLUSH_INTERVAL", "PT0.05S"));
    }

    /** A gateway on a free port, shut down as the process would be (drained, usage stored). */
    private record Running(Gateway gateway, WebServer server) implements AutoCloseable {

        static Running start(Map<String, String> environment) {
            Gateway gateway = TestGateways.create(environment);
            WebServerConfig.Builder builder = WebServer.builder().port(0).host("localhost");
            gateway.setup(builder);
            WebServer server = builder.build().start();
            assertThat(gateway.warmUp(), is(true));
            return new Running(gateway, server);
        }

        int port() {
            return server.port();
        }

        void speak(String id, String text) {
            try (TestClient client = TestClient.connect(port(), "Authorization", "Bearer " + KEY)) {
                assertThat(client.synthesize(id, text).response(id).status(), is("completed"));
            }
        }

        @Override
        public void close() {
            gateway.shutdown(server);
        }
    }
}
