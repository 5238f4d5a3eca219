package io.ttsgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * Graceful shutdown: requests in flight finish within the grace period, new work is refused, and
 * sockets are closed with 1001.
 */
class ShutdownTest {

    @Test
    void requestInFlightFinishesThenTheSocketClosesWithGoingAway() throws Exception {
        Running running = start("SHUTDOWN_GRACE_PERIOD", "PT20S");
        try (TestClient client = TestClient.connect(running.server().port())) {
            client.synthesize("inflight", "a".repeat(150)); // 9 s of audio, produced over 1.8 s
            assertThat(client.nextText().action(), is("start"));
            assertThat(client.next(), instanceOf(TestClient.Binary.class));

            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> running.gateway().shutdown(running.server()));
            awaitDraining(running.gateway());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + running.server().port()
                                                              + "/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat("not ready while draining", ready.statusCode(), is(503));
            TestClient.Text done = client.doneAfterAudio("inflight");

            assertThat(done.json().path("status").asText(), is("completed"));
            assertThat(client.next(), is(new TestClient.Closed(1001, "server shutting down")));
            assertThat(drained.get(30, TimeUnit.SECONDS), is(true));
            assertThat(running.server().isRunning(), is(false));
        }
    }

    @Test
    void requestsPastTheGracePeriodAreCancelledAndNewOnesRefused() throws Exception {
        Running running = start("SHUTDOWN_GRACE_PERIOD", "PT0.3S");
        try (TestClient client = TestClient.connect(running.server().port())) {
            client.synthesize("endless", "a".repeat(2000)); // 2 minutes of audio, 24 s to produce
            assertThat(client.nextText().action(), is("start"));

            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> running.gateway().shutdown(running.server()));
            TestClient.Text done = client.doneAfterAudio("endless");

            assertThat(done.json().path("status").asText(), is("cancelled"));
            assertThat(client.next(), is(new TestClient.Closed(1001, "server shutting down")));
            assertThat(drained.get(30, TimeUnit.SECONDS), is(false));
        }
    }

    @Test
    void everySessionPastTheGracePeriodIsCancelledAndClosed() throws Exception {
        Running running = start("SHUTDOWN_GRACE_PERIOD", "PT0.3S");
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                TestClient client = TestClient.connect(running.server().port());
                clients.add(client);
                client.synthesize("endless", "a".repeat(2000));
                assertThat(client.nextText().action(), is("start"));
            }
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> running.gateway().shutdown(running.server()));
            for (TestClient client : clients) {
                assertThat(client.doneAfterAudio("endless").json().path("status").asText(), is("cancelled"));
                assertThat(client.next(), is(new TestClient.Closed(1001, "server shutting down")));
            }
            assertThat(drained.get(30, TimeUnit.SECONDS), is(false));
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void synthesizeDuringTheDrainIsRefused() throws Exception {
        Running running = start("SHUTDOWN_GRACE_PERIOD", "PT20S");
        try (TestClient client = TestClient.connect(running.server().port())) {
            client.synthesize("first", "a".repeat(40));
            assertThat(client.nextText().action(), is("start"));
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> running.gateway().shutdown(running.server()));
            awaitDraining(running.gateway());
            client.synthesize("late", "b");
            TestClient.Frame frame;
            do {
                frame = client.next();
            } while (frame instanceof TestClient.Binary);
            TestClient.Text error = (TestClient.Text) frame;
            assertThat(error.json().path("code").asText(), is("server_busy"));
            assertThat(error.requestId(), is("late"));
            assertThat(client.doneAfterAudio("first").json().path("status").asText(), is("completed"));
            assertThat(drained.get(30, TimeUnit.SECONDS), is(true));
        }
    }

    /** The drain flag is the first thing shutdown sets; spin on it briefly rather than sleep. */
    private static void awaitDraining(Gateway gateway) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!gateway.sessions().isDraining()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("drain did not start");
            }
            Thread.onSpinWait();
        }
    }

    private record Running(Gateway gateway, WebServer server) {
    }

    private static Running start(String... environment) {
        Gateway gateway = TestGateways.create(TestGateways.with(TestGateways.SLOW_TONE, environment));
        WebServerConfig.Builder builder = WebServer.builder().port(0).host("localhost");
        gateway.setup(builder);
        WebServer server = builder.build().start();
        gateway.warmUp();
        return new Running(gateway, server);
    }
}
