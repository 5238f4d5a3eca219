package io.ttsgateway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.management.HotSpotDiagnosticMXBean;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.loadgen.fuzz.Fuzz;
import io.ttsgateway.loadgen.fuzz.FuzzGenerator;
import io.ttsgateway.loadgen.fuzz.FuzzTally;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A fixed-seed fuzz run in CI: a few thousand messages, valid and not, over several connections
 * at once, raw frames that break the RFC among them. Every valid request gets exactly one
 * {@code done} with its own id, every refused message its error, every bad frame its close code;
 * afterwards no session, thread or file descriptor is left over. {@code scripts/fuzz.sh} runs the
 * same generator longer against a started gateway.
 */
@ServerTest
class FuzzTest {

    private static final long SEED = 13;
    private static final int MESSAGES = 3000;
    private static final int CONNECTIONS = 6;
    private static final FuzzGenerator.Limits LIMITS = new FuzzGenerator.Limits(1000, 8192, 1048576);
    /** Threads of the gateway's own and of Helidon's connections. */
    private static final Pattern GATEWAY_THREAD = Pattern.compile("\"name\": \"(tts-[^\"]*|[^\"]*WebServer socket)\"");
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private static Gateway gateway;
    private final int port;

    FuzzTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        // Unpaced: thousands of requests of up to a minute of tone each would otherwise play out in
        // real time; pacing is PlayoutTest's.
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                    "SESSION_AUDIO_LEAD", "PT0S",
                                                    "SESSION_RATE_LIMIT_PER_MINUTE", "1000000",
                                                    "SESSION_MAX_TEXT_LENGTH", String.valueOf(LIMITS.maxTextLength()),
                                                    "SESSION_MAX_MESSAGE_BYTES",
                                                    String.valueOf(LIMITS.maxMessageBytes())));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void everyMessageGetsItsDefinedAnswerAndNothingLeaks() throws Exception {
        warmUp();
        int threadsBefore = gatewayThreads();
        long descriptorsBefore = descriptors();

        FuzzTally tally = Fuzz.run(new Fuzz.Options("localhost", port, Gateway.WEBSOCKET_PATH, MESSAGES, CONNECTIONS,
                                                    SEED, LIMITS, Duration.ofSeconds(20)));
        System.out.print(tally.report());

        assertThat(tally.report(), tally.faults(), is(0L));
        assertThat(tally.report(), tally.count("requests"), greaterThan(500L));
        assertThat(tally.report(), tally.count("bad frames"), greaterThan(10L));
        assertThat("every bad frame was closed with its code\n" + tally.report(),
                   tally.counts("close ").values().stream().mapToLong(Long::longValue).sum(),
                   is(tally.count("bad frames")));
        assertThat(gateway.sessions().awaitActiveSessions(0, SETTLE), is(true));
        assertThat("threads (tts-*, WebServer socket)", settled(threadsBefore), lessThanOrEqualTo(threadsBefore));
        assertThat("file descriptors", descriptors(), lessThanOrEqualTo(descriptorsBefore + 5));
        assertThat(metrics(), containsString("tts_sessions_active{scope=\"application\",} 0.0"));
    }

    /** One short run first, so that classes, pools and caches opened once are there before counting. */
    private void warmUp() throws InterruptedException {
        FuzzTally tally = Fuzz.run(new Fuzz.Options("localhost", port, Gateway.WEBSOCKET_PATH, 100, 2, SEED + 1,
                                                    LIMITS, Duration.ofSeconds(20)));
        assertThat(tally.report(), tally.faults(), is(0L));
    }

    /** Threads wind down as their sockets close: waits, bounded, for the count to come back. */
    private static int settled(int target) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int count = gatewayThreads();
        while (count > target && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = gatewayThreads();
        }
        return count;
    }

    /** Platform and virtual threads alike, from a thread dump. */
    private static int gatewayThreads() throws IOException {
        Path dump = Files.createTempFile("threads", ".json");
        try {
            Files.delete(dump);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher names = GATEWAY_THREAD.matcher(Files.readString(dump));
            int count = 0;
            while (names.find()) {
                count++;
            }
            return count;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private String metrics() throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/metrics")).build(),
                               HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static long descriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
