package io.ttsgateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * Per-connection limits: rate, queue depth and session count.
 */
@ServerTest
class LimitsTest {

    private static Gateway gateway;
    private final int port;

    LimitsTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, TestGateways.with(TestGateways.SLOW_TONE,
                                                                "SESSION_RATE_LIMIT_PER_MINUTE", "3",
                                                                "SESSION_MAX_QUEUED_REQUESTS", "2",
                                                                "SESSION_MAX_SESSIONS", "3"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void floodPastTheRateLimitIsRejectedAndTheConnectionStaysOpen() throws InterruptedException {
        try (TestClient client = TestClient.connect(port)) {
            for (int i = 1; i <= 2; i++) {
                assertThat(client.synthesize("r" + i, "a").response("r" + i).status(), is("completed"));
            }
            assertThat(client.synthesize("r3", "a").response("r3").status(), is("completed"));
            for (int i = 4; i <= 6; i++) {
                TestClient.Text error = client.synthesize("r" + i, "a").nextText();
                assertThat(error.json().path("code").asText(), is("rate_limit_exceeded"));
                assertThat(error.json().path("retryable").asBoolean(), is(true));
                assertThat(error.requestId(), is("r" + i));
            }
            // The connection is still read and answered: other messages work, nothing is closed.
            assertThat(client.send("[]").nextText().json().path("code").asText(), is("invalid_message"));
            client.cancel(null);
            assertThat(client.pollAfter(Duration.ofMillis(100)), is(nullValue()));
        }
    }

    @Test
    void queueDeeperThanTheLimitIsRejected() {
        try (TestClient client = TestClient.connect(port)) {
            client.synthesize("q1", "a".repeat(50)).synthesize("q2", "b").synthesize("q3", "c");
            TestClient.Frame frame;
            do {
                frame = client.next();
            } while (!(frame instanceof TestClient.Text text && text.action().equals("error")));
            assertThat(((TestClient.Text) frame).json().path("code").asText(), is("queue_full"));
            assertThat(((TestClient.Text) frame).requestId(), is("q3"));
            assertThat(client.doneAfterAudio("q1").json().path("status").asText(), is("completed"));
            assertThat(client.response("q2").status(), is("completed"));
        }
    }

    @Test
    void connectionsPastTheSessionLimitAreTurnedAway() throws InterruptedException {
        assertThat(gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
        TestClient first = TestClient.connect(port);
        TestClient second = TestClient.connect(port);
        TestClient third = TestClient.connect(port);
        try (TestClient fourth = TestClient.connect(port)) {
            TestClient.Text error = fourth.nextText();
            assertThat(error.json().path("code").asText(), is("server_busy"));
            assertThat(fourth.next(), is(new TestClient.Closed(1013, "server is at its session limit")));
        } finally {
            first.close();
            second.close();
            third.close();
        }
    }

    @Test
    void aBurstOfConnectionsNeverHoldsMoreSessionsThanTheLimit() throws Exception {
        assertThat(gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
        int burst = 24;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            CompletableFuture<TestClient> client = new CompletableFuture<>();
            connecting.add(client);
            Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    client.complete(TestClient.connect(port));
                } catch (Throwable e) {
                    client.completeExceptionally(e);
                }
            });
        }
        go.countDown();
        List<TestClient> clients = new ArrayList<>();
        try {
            for (CompletableFuture<TestClient> client : connecting) {
                clients.add(client.get(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            int served = 0;
            int turnedAway = 0;
            for (TestClient client : clients) {
                // A session that holds a slot answers; one turned away has said so and closed.
                try {
                    client.synthesize("b", "a");
                } catch (CompletionException e) {
                    // a socket closed by the server takes nothing more; its error came first
                }
                String first = client.nextText().action();
                if (first.equals("start")) {
                    served++;
                } else {
                    assertThat(first, is("error"));
                    turnedAway++;
                }
            }
            assertThat(served, is(3));
            assertThat(turnedAway, is(burst - 3));
            assertThat(gateway.sessions().activeSessions(), is(3));
        } finally {
            clients.forEach(TestClient::close);
        }
        assertThat(gateway.sessions().awaitActiveSessions(0, TestClient.TIMEOUT), is(true));
    }
}
