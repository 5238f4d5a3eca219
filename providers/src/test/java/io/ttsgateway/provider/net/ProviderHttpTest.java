package io.ttsgateway.provider.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProviderHttp} against a real local server: HTTP/1.1, no redirects, stopped on close. */
@Timeout(30)
class ProviderHttpTest {

    private final AtomicReference<String> protocol = new AtomicReference<>();
    private HttpServer server;
    private URI uri;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            protocol.set(exchange.getProtocol());
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/voices");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void speaksHttp11AndFollowsNoRedirect() throws Exception {
        try (ProviderHttp http = new ProviderHttp("test", Duration.ofSeconds(5))) {
            HttpResponse<Void> response = http.client().send(HttpRequest.newBuilder(uri).build(),
                                                              HttpResponse.BodyHandlers.discarding());
            assertEquals(302, response.statusCode());
            assertEquals("HTTP/1.1", protocol.get());
        }
    }

    @Test
    void closeStopsTheClient() {
        ProviderHttp http = new ProviderHttp("test", Duration.ofSeconds(5));
        http.close();
        assertTrue(http.client().isTerminated());
        assertThrows(IOException.class, () -> http.client().send(HttpRequest.newBuilder(uri).build(),
                                                                 HttpResponse.BodyHandlers.discarding()));
        http.close(); // idempotent
    }
}
