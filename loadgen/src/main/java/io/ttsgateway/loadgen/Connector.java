package io.ttsgateway.loadgen;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens WebSocket connections to the endpoint under test. One HTTP client serves every
 * connection; its callbacks run on virtual threads so thousands of sockets cost no platform threads.
 */
public final class Connector implements AutoCloseable {

    /** Longest a TCP connect plus WebSocket handshake may take; generous because a loaded server accepts slowly. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final Options options;
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;

    /**
     * Creates a connector for the endpoint of the options.
     *
     * @param options endpoint and API key
     */
    public Connector(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(callbacks)
                .build();
    }

    /**
     * Why a connection could not be opened, as a failure reason.
     */
    public static final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ConnectFailure(String reason) {
            super(reason, null, false, false);
        }

        /**
         * The failure reason, e.g. {@code connect_failed:http_401}.
         *
         * @return reason
         */
        public String reason() {
            return getMessage();
        }
    }

    /**
     * Opens a connection, waiting at most {@link #CONNECT_TIMEOUT}.
     *
     * @return the open connection
     * @throws ConnectFailure       with a reason when it could not be opened
     * @throws InterruptedException if the run is being stopped
     */
    public Connection open() throws ConnectFailure, InterruptedException {
        Inbox inbox = new Inbox();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (options.apiKey() != null) {
            builder.header("Authorization", "Bearer " + options.apiKey());
        }
        CompletableFuture<WebSocket> opening = builder.buildAsync(options.url(), inbox);
        try {
            // A little over the client's own timeout, so its more specific exception usually wins.
            WebSocket socket = opening.get(CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new Connection(socket, inbox);
        } catch (TimeoutException e) {
            opening.cancel(true);
            opening.thenAccept(WebSocket::abort);
            throw new ConnectFailure("connect_failed:timeout");
        } catch (ExecutionException e) {
            throw new ConnectFailure("connect_failed:" + describe(e.getCause()));
        } catch (InterruptedException e) {
            opening.thenAccept(WebSocket::abort);
            throw e;
        }
    }

    /** Stops the client at once: by now every connection has been closed or abandoned. */
    @Override
    public void close() {
        client.shutdownNow();
        callbacks.shutdownNow();
    }

    private static String describe(Throwable cause) {
        // The JDK nests the interesting exception a level or two down.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException handshake) {
                return "http_" + handshake.getResponse().statusCode();
            }
            if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                // The JDK client reports a refused connect as a bare ConnectException; so, mostly, is this.
                return "refused";
            }
        }
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }
}
