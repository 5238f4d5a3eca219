package io.ttsgateway.fakes;

import java.util.function.Consumer;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

/**
 * A Helidon server on a random local port hosting one fake provider's routes.
 */
public final class FakeServer implements AutoCloseable {

    private final WebServer server;

    private FakeServer(WebServer server) {
        this.server = server;
    }

    /**
     * Starts a server.
     *
     * @param routes adds the fake's HTTP and WebSocket routes
     * @return the running server
     */
    public static FakeServer start(Consumer<WebServerConfig.Builder> routes) {
        // TCP_NODELAY as real providers have it: otherwise two small messages in a row (Uplift's
        // audio_start, then audio) wait out the client's delayed ACK, 40 ms that are not the gateway's.
        WebServerConfig.Builder builder = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build());
        routes.accept(builder);
        return new FakeServer(builder.build().start());
    }

    /**
     * The port it listens on.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * The base URL to configure the gateway with ({@code *_BASE_URL}).
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Cuts a WebSocket connection without a close frame, as a crashed provider or a broken network
     * would.
     *
     * @param session the server side of the connection
     */
    public static void drop(io.helidon.websocket.WsSession session) {
        if (session instanceof io.helidon.webserver.spi.ServerConnection connection) {
            connection.close(true);
        } else {
            session.terminate();
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
