package io.ttsgateway;

import java.io.IOException;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.ttsgateway.config.ConfigurationException;
import io.ttsgateway.config.GatewayConfig;

/**
 * Starts the gateway: reads the configuration, starts the server, warms the provider up, and
 * drains sessions when the process is asked to stop.
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
        Config sources = GatewayConfig.load(System.getenv());
        GatewayConfig config;
        try {
            config = GatewayConfig.from(sources);
        } catch (ConfigurationException e) {
            System.err.println("tts-gateway cannot start: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        start(config, sources.get("server"));
    }

    /**
     * Builds, starts and warms up a gateway, with a shutdown hook that drains it.
     *
     * @param config the configuration
     * @param serverConfig Helidon's own server settings ({@code server.*}), applied before host and port
     * @return the running server
     * @throws IOException when the cache directory cannot be used
     */
    static WebServer start(GatewayConfig config, Config serverConfig) throws IOException {
        Gateway gateway = Gateway.create(config);
        WebServerConfig.Builder builder = WebServer.builder().config(serverConfig).host(config.host()).port(config.port());
        gateway.setup(builder);
        WebServer server = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> gateway.shutdown(server), "tts-shutdown"));
        LOGGER.info(() -> "tts-gateway listening on ws://localhost:" + server.port() + Gateway.WEBSOCKET_PATH + " ("
                + config + "); warming up");
        if (gateway.warmUp()) {
            LOGGER.info("tts-gateway ready");
        }
        return server;
    }
}
