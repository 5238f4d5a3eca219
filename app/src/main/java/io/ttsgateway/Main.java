package io.ttsgateway;

import java.io.IOException;
import java.util.Map;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.ttsgateway.config.ConfigurationException;
import io.ttsgateway.config.GatewayConfig;

/**
 * Starts the gateway: reads the configuration, starts the server, warms the provider up, and
 * drains sessions when the process is asked to stop. {@link #start(Map)} is the whole launch path
 * but the exit, so tests start the gateway exactly as users do.
 */
public final class Main {

    private static final Logger LOGGER = Logger.getLogger(Main.class.getName());
    /** Exit status for configuration that cannot work. */
    private static final int EXIT_CONFIGURATION = 2;

    private Main() {
    }

    /**
     * Starts the gateway.
     *
     * @param args ignored; configuration comes from the environment and {@code application.yaml}
     * @throws IOException when the cache directory cannot be used
     */
    public static void main(String[] args) throws IOException {
        LogConfig.configureRuntime();
        Launch launch;
        try {
            launch = start(System.getenv());
        } catch (ConfigurationException e) {
            System.err.println("tts-gateway cannot start: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launch::stop, "tts-shutdown"));
    }

    /**
     * Reads the configuration from an environment and {@code application.yaml}, builds, starts and
     * warms up a gateway.
     *
     * @param environment the environment variables
     * @return the running gateway
     * @throws IOException            when the cache directory cannot be used
     * @throws ConfigurationException when a setting cannot work
     */
    static Launch start(Map<String, String> environment) throws IOException {
        Config sources = GatewayConfig.load(environment);
        GatewayConfig config = GatewayConfig.from(sources);
        Gateway gateway = Gateway.create(config);
        WebServerConfig.Builder builder = WebServer.builder()
                .config(sources.get("server"))
                .host(config.host())
                .port(config.port());
        gateway.setup(builder);
        WebServer server = builder.build().start();
        LOGGER.info(() -> "tts-gateway listening on ws://localhost:" + server.port() + Gateway.WEBSOCKET_PATH + " ("
                + config + "); warming up");
        if (gateway.warmUp()) {
            LOGGER.info("tts-gateway ready");
        }
        return new Launch(gateway, server);
    }

    /**
     * A started gateway.
     *
     * @param gateway its parts
     * @param server  its server
     */
    record Launch(Gateway gateway, WebServer server) {

        /** Drains sessions, then stops the server and releases everything. */
        void stop() {
            gateway.shutdown(server);
        }
    }
}
