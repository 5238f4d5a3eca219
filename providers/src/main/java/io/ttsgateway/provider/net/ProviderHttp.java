package io.ttsgateway.provider.net;

import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import io.ttsgateway.provider.http1.Http1Client;

/**
 * A provider's two HTTP clients, both HTTP/1.1 with redirects never followed; closing stops them all.
 * <ul>
 *     <li>{@link #audio()}, for streamed audio: blocking, written and read on the call's own thread,
 *     kept-alive connections in a pool.</li>
 *     <li>{@link #client()}, the JDK's, for WebSockets and the small JSON lists, on virtual threads
 *     named after the provider.</li>
 * </ul>
 */
public final class ProviderHttp implements AutoCloseable {

    /** Longest wait in {@link #close()} for the client's exchanges to be aborted. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ExecutorService executor;
    private final HttpClient client;
    private final Http1Client audio;

    /** Clients for {@code provider}, their connects bounded by {@code connectTimeout}; https trusts the JDK's CAs. */
    public ProviderHttp(String provider, Duration connectTimeout) {
        this(provider, connectTimeout, defaultTls());
    }

    /** With {@code tls} for the audio client's https connections: a test's own trust. */
    ProviderHttp(String provider, Duration connectTimeout, SSLContext tls) {
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(provider + "-http-", 0).factory());
        this.client = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.audio = new Http1Client(connectTimeout, tls.getSocketFactory());
    }

    /** The JDK client, for WebSockets and JSON lists. */
    public HttpClient client() {
        return client;
    }

    /** The blocking HTTP/1.1 client, for streamed audio ({@link HttpAudioCall}). */
    public Http1Client audio() {
        return audio;
    }

    /**
     * Closes the audio client's idle connections (those in use belong to their calls, which their owners
     * abort first), aborts the JDK client's exchanges and stops its threads, waiting at most
     * {@link #CLOSE_WAIT}. Idempotent.
     */
    @Override
    public void close() {
        audio.close();
        client.shutdownNow();
        try {
            client.awaitTermination(CLOSE_WAIT); // its threads end once its exchanges are aborted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS", e);
        }
    }
}
