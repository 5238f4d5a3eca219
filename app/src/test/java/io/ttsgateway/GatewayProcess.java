package io.ttsgateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a process of its own, started through {@link Main} as users start it: for tests of
 * what only a real process shows (signals, a crash, several replicas).
 */
final class GatewayProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a gateway with the given environment (on top of a clean one: no provider keys of the
     * machine's, the embedded engine off unless asked for), on its {@code PORT} or a free port.
     */
    static GatewayProcess start(Map<String, String> environment) throws IOException {
        int port = environment.containsKey("PORT") ? Integer.parseInt(environment.get("PORT")) : freePort();
        Path log = Files.createTempFile("tts-gateway-" + port, ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.endsWith("_API_KEY") || name.startsWith("TTS_")
                || name.startsWith("CACHE_"));
        builder.environment().put("MARYTTS_ENABLED", "false");
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        return new GatewayProcess(builder.start(), port, log);
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Waits until readiness is UP, failing with the gateway's log if it does not come. */
    GatewayProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + ":\n" + log());
            }
            if (status("/observe/health/ready") == 200) {
                return this;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("the gateway was not ready within " + timeout + ":\n" + log());
    }

    /** The value of a counter or gauge on this replica's metrics, 0 when absent. */
    double metric(String name) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/observe/metrics"))
                                        .header("Accept", "text/plain").build(),
                                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$",
                                          Pattern.MULTILINE).matcher(text);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        return sum;
    }

    /** Asks the gateway to stop (SIGTERM): it drains, then exits. */
    void terminate() {
        process.destroy();
    }

    /** Kills the gateway at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to end; its exit status, or -1 when it is still running. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private int status(String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                             HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
