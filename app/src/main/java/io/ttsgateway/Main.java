package io.ttsgateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
    /** Exit status when the environment does not let the gateway start (port, cache directory). */
    private static final int EXIT_STARTUP = 1;
    /** Exit status for configuration that cannot work. */
    private static final int EXIT_CONFIGURATION = 2;

    private Main() {
    }

    /**
     * Starts the gateway.
     *
     * @param args ignored; configuration comes from the environment and {@code application.yaml}
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Launch launch;
        try {
            launch = start(System.getenv());
        } catch (ConfigurationException e) {
            exit(EXIT_CONFIGURATION, e.getMessage());
            return;
        } catch (StartupException e) {
            exit(EXIT_STARTUP, e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launch::stop, "tts-shutdown"));
    }

    private static void exit(int status, String why) {
        System.err.println("tts-gateway cannot start: " + why);
        System.exit(status);
    }

    /**
     * Reads the configuration from an environment and {@code application.yaml}, builds, starts and
     * warms up a gateway.
     *
     * @param environment the environment variables
     * @return the running gateway
     * @throws ConfigurationException when a setting cannot work
     * @throws StartupException       when the port or the cache directory cannot be used
     */
    static Launch start(Map<String, String> environment) {
        Config sources = GatewayConfig.load(environment);
        GatewayConfig config = GatewayConfig.from(sources);
        config.logFormat().install();
        Gateway gateway;
        try {
            gateway = Gateway.create(config);
        } catch (IOException e) {
            throw new StartupException("CACHE_DIR=" + config.cache().directory() + " cannot be used as the cache"
                                               + " directory (" + describe(e) + ")");
        }
        if (config.port() != 0) {
            // Before Helidon starts: it would log the bind failure with a stack trace, then run on
            // without a listener. Checked again after start, for a port taken in between.
            String problem = bindProblem(config.host(), config.port());
            if (problem != null) {
                gateway.close();
                throw cannotListen(config, problem);
            }
        }
        WebServerConfig.Builder builder = WebServer.builder()
                .config(sources.get("server"))
                .host(config.host())
                .port(config.port());
        gateway.setup(builder);
        WebServer server = builder.build().start();
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            gateway.close();
            String problem = bindProblem(config.host(), config.port());
            throw cannotListen(config, problem == null ? "the server did not start" : problem);
        }
        LOGGER.info(() -> "tts-gateway listening on ws://localhost:" + server.port() + Gateway.WEBSOCKET_PATH + " ("
                + config + "); warming up");
        if (gateway.warmUp()) {
            LOGGER.info("tts-gateway ready");
        }
        return new Launch(gateway, server);
    }

    private static StartupException cannotListen(GatewayConfig config, String problem) {
        return new StartupException("cannot listen on " + config.host() + ":" + config.port() + " (" + problem
                                            + "); set PORT to a free port");
    }

    /** Why the address cannot be bound, or {@code null} when it can. */
    private static String bindProblem(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return describe(e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
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
