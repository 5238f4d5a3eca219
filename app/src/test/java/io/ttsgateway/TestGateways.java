package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.helidon.webserver.WebServerConfig;

import io.ttsgateway.config.GatewayConfig;
import io.ttsgateway.observe.trace.Tracing;

/**
 * Builds gateways for tests with the production wiring, configured through the same environment
 * variables an operator sets, each with a cache directory of its own.
 */
final class TestGateways {

    /** A tone that lasts 60 ms per character, sent as 100 ms chunks every 20 ms. */
    static final Map<String, String> SLOW_TONE = Map.of("TTS_PROVIDER", "tone",
                                                         "TONE_CHUNK_INTERVAL", "PT0.02S",
                                                         "TONE_CHUNK", "PT0.1S",
                                                         "TONE_PER_CHARACTER", "PT0.06S");

    private TestGateways() {
    }

    /**
     * Creates a gateway from environment variables, warms it up, and wires it into a server.
     */
    static Gateway setUp(WebServerConfig.Builder server, Map<String, String> environment) {
        return setUp(server, environment, System::nanoTime);
    }

    /**
     * Like {@link #setUp(WebServerConfig.Builder, Map)}, with the clock of the providers' circuit breakers.
     */
    static Gateway setUp(WebServerConfig.Builder server, Map<String, String> environment, LongSupplier nanoClock) {
        return started(server, create(environment, null, nanoClock));
    }

    /**
     * As {@link #setUp(WebServerConfig.Builder, Map)}, with request spans going to the given tracing.
     */
    static Gateway setUp(WebServerConfig.Builder server, Map<String, String> environment, Tracing tracing) {
        return started(server, create(environment, tracing, System::nanoTime));
    }

    private static Gateway started(WebServerConfig.Builder server, Gateway gateway) {
        gateway.setup(server);
        if (!gateway.warmUp()) {
            throw new IllegalStateException("provider did not start");
        }
        return gateway;
    }

    static Gateway create(Map<String, String> environment) {
        return create(environment, null, System::nanoTime);
    }

    /** With {@code tracing} null, tracing is what the environment's OTEL_* settings make it. */
    private static Gateway create(Map<String, String> environment, Tracing tracing, LongSupplier nanoClock) {
        try {
            Map<String, String> env = new HashMap<>(environment);
            env.putIfAbsent("CACHE_DIR", Files.createTempDirectory("tts-cache").toString());
            if (!"marytts".equals(env.getOrDefault("TTS_PROVIDER", "auto"))
                    && !"auto".equals(env.getOrDefault("TTS_PROVIDER", "auto"))) {
                // The embedded engine takes seconds to warm up; tests of other providers leave it out.
                env.putIfAbsent("MARYTTS_ENABLED", "false");
            }
            // Tests script failures on purpose, many in a row; the breaker (on, so every call goes
            // through it) opens only where a test asks for it.
            env.putIfAbsent("PROVIDER_BREAKER_FAILURES", "1000");
            GatewayConfig config = GatewayConfig.from(GatewayConfig.load(env));
            return tracing == null ? Gateway.create(config, nanoClock) : Gateway.create(config, tracing, nanoClock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> merged = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            merged.put(pairs[i], pairs[i + 1]);
        }
        return merged;
    }

    static Path temporaryFiles(Gateway gateway) {
        return gateway.config().cache().directory().resolve("tmp");
    }

    static long count(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.count();
        }
    }
}
