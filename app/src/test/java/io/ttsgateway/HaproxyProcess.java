package io.ttsgateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's package) in front of two gateways, with the project's own
 * {@code deploy/haproxy/haproxy.cfg}: the configuration the tests run is the one people use.
 */
final class HaproxyProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final String HAPROXY = "/usr/sbin/haproxy";

    private final Process process;
    private final int port;
    private final Path stats;
    private final Path log;

    private HaproxyProcess(Process process, int port, Path stats, Path log) {
        this.process = process;
        this.port = port;
        this.stats = stats;
        this.log = log;
    }

    /** Starts HAProxy balancing over two replicas and waits until it accepts connections. */
    static HaproxyProcess start(String replica1, String replica2) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(HAPROXY))) {
            throw new AssertionError(HAPROXY + " is missing: ./test.sh installs it (apt-get install haproxy)");
        }
        Path directory = Files.createTempDirectory("tts-haproxy");
        Path stats = directory.resolve("stats.sock");
        Path log = directory.resolve("haproxy.log");
        int port = GatewayProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(HAPROXY, "-db", "-f", configuration().toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TTS_LB_PORT", String.valueOf(port));
        builder.environment().put("TTS_REPLICA_1", replica1);
        builder.environment().put("TTS_REPLICA_2", replica2);
        builder.environment().put("TTS_LB_STATS", stats.toString());
        HaproxyProcess haproxy = new HaproxyProcess(builder.start(), port, stats, log);
        haproxy.awaitListening(Duration.ofSeconds(20));
        return haproxy;
    }

    /** The load balancer's port: clients connect here. */
    int port() {
        return port;
    }

    /** A server's status as HAProxy sees it: {@code UP}, {@code DOWN}, ... */
    String status(String server) throws IOException {
        for (String line : command("show stat").split("\n")) {
            String[] fields = line.split(",");
            if (fields.length > 17 && fields[0].equals("gateways") && fields[1].equals(server)) {
                return fields[17];
            }
        }
        throw new AssertionError("HAProxy does not know " + server);
    }

    /** Waits until a server has a status (its health check decided). */
    void awaitStatus(String server, String status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = status(server);
        while (!seen.startsWith(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(server + " is " + seen + ", not " + status + ", after " + timeout);
            }
            Thread.sleep(POLL.toMillis());
            seen = status(server);
        }
    }

    private String command(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(stats));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited:\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                if (Files.exists(stats)) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("haproxy did not listen within " + timeout + ":\n" + Files.readString(log));
    }

    private static Path configuration() {
        return NodeScript.repositoryFile("deploy/haproxy/haproxy.cfg");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
