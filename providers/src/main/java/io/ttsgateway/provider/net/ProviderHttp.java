package io.ttsgateway.provider.net;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A provider's JDK HTTP client: HTTP/1.1 (WebSocket upgrades need it, kept-alive connections serve the
 * rest), redirects never followed, on virtual threads named after the provider; closing stops them all.
 */
public final class ProviderHttp implements AutoCloseable {

    /** Longest wait in {@link #close()} for the client's exchanges to be aborted. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ExecutorService executor;
    private final HttpClient client;

    /** A client for {@code provider}, its connects bounded by {@code connectTimeout}. */
    public ProviderHttp(String provider, Duration connectTimeout) {
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(provider + "-http-", 0).factory());
        this.client = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The client, for WebSockets and HTTP calls alike. */
    public HttpClient client() {
        return client;
    }

    /** Aborts every exchange and stops the threads, waiting at most {@link #CLOSE_WAIT}. Idempotent. */
    @Override
    public void close() {
        client.shutdownNow();
        try {
            client.awaitTermination(CLOSE_WAIT); // its threads end once its exchanges are aborted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }
}
