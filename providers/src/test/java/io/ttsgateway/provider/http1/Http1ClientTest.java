package io.ttsgateway.provider.http1;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Http1Client}'s pool against a real local server. */
@Timeout(30)
class Http1ClientTest {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Http1Client.Opening NOTHING = connection -> { };

    private final AtomicBoolean closeAfter = new AtomicBoolean();
    private final StringBuilder seen = new StringBuilder();
    private HttpServer server;
    private Http1Request request;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            synchronized (seen) {
                seen.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI())
                        .append(' ').append(exchange.getRequestHeaders().getFirst("Host"))
                        .append(' ').append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (closeAfter.get()) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            byte[] answer = "audio".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/speech?format=pcm");
        request = Http1Request.post(uri, Map.of("Authorization", "Bearer k"), "application/json",
                                    "{}".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Http1Client client(Duration maxIdle) throws Exception {
        return new Http1Client(CONNECT, SSLContext.getDefault().getSocketFactory(), maxIdle);
    }

    private String exchange(Http1Connection connection) throws IOException {
        connection.send(request);
        assertThat(connection.head().status(), is(200));
        StringBuilder body = new StringBuilder();
        for (ByteBuffer bytes = connection.body(); bytes != null; bytes = connection.body()) {
            body.append(StandardCharsets.UTF_8.decode(bytes));
        }
        return body.toString();
    }

    @Test
    void aConnectionReadWholeIsReusedForTheNextRequest() throws Exception {
        try (Http1Client client = client(Http1Client.MAX_IDLE)) {
            Http1Connection first = client.connection(request.destination(), NOTHING);
            assertThat(exchange(first), is("audio"));
            client.release(first);

            Http1Connection second = client.connection(request.destination(), NOTHING);

            assertThat(second, is(sameInstance(first)));
            assertThat(second.reused(), is(true));
            assertThat(exchange(second), is("audio"));
        }
        assertThat(seen.toString(), containsString("POST /v1/speech?format=pcm 127.0.0.1:"));
        assertThat(seen.toString(), containsString(" {}"));
    }

    @Test
    void aConnectionTheServerClosesOrOneReadPartlyIsNotKept() throws Exception {
        try (Http1Client client = client(Http1Client.MAX_IDLE)) {
            closeAfter.set(true);
            Http1Connection closing = client.connection(request.destination(), NOTHING);
            exchange(closing);
            client.release(closing);
            closeAfter.set(false);
            Http1Connection unread = client.connection(request.destination(), NOTHING);
            unread.send(request);
            unread.head();
            client.release(unread);

            Http1Connection next = client.connection(request.destination(), NOTHING);

            assertThat(next, is(not(sameInstance(closing))));
            assertThat(next, is(not(sameInstance(unread))));
            assertThat(next.reused(), is(false));
        }
    }

    @Test
    void aConnectionIdleTooLongIsClosedInsteadOfReused() throws Exception {
        try (Http1Client client = client(Duration.ZERO)) {
            Http1Connection first = client.connection(request.destination(), NOTHING);
            exchange(first);
            client.release(first);

            Http1Connection second = client.connection(request.destination(), NOTHING);

            assertThat(second, is(not(sameInstance(first))));
            assertThrows(IOException.class, () -> exchange(first));
        }
    }

    @Test
    void closeClosesIdleConnectionsAndRefusesMore() throws Exception {
        Http1Client client = client(Http1Client.MAX_IDLE);
        Http1Connection idle = client.connection(request.destination(), NOTHING);
        Http1Connection busy = client.connection(request.destination(), NOTHING);
        exchange(idle);
        client.release(idle);

        client.close();

        assertThrows(IOException.class, () -> exchange(idle));
        assertThat(exchange(busy), is("audio")); // its call's to stop, not the pool's
        client.release(busy);
        assertThrows(IOException.class, () -> exchange(busy));
        assertThrows(IOException.class, () -> client.connection(request.destination(), NOTHING));
        client.close(); // idempotent
    }

    @Test
    void headersThatCouldSplitTheRequestAreRefused() {
        URI uri = URI.create("http://127.0.0.1:1/x");
        assertThrows(IllegalArgumentException.class, () -> Http1Request.post(
                uri, Map.of("Authorization", "Bearer k\r\nX-Injected: 1"), "application/json", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Http1Request.post(
                uri, Map.of("Bad Name", "v"), "application/json", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Http1Request.post(
                URI.create("ftp://127.0.0.1/x"), Map.of(), "application/json", new byte[0]));
    }

    @Test
    void theHostHeaderOmitsADefaultPort() {
        assertThat(Destination.of(URI.create("https://api.openai.com/v1")).hostHeader(), is("api.openai.com"));
        assertThat(Destination.of(URI.create("http://localhost:8080/v1")).hostHeader(), is("localhost:8080"));
        assertThat(Destination.of(URI.create("http://[::1]:80/v1")).hostHeader(), is("[::1]"));
    }
}
