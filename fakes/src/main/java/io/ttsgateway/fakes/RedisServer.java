package io.ttsgateway.fakes;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests, on a free local port with a data directory of its own,
 * no persistence and a memory bound. It can be stopped, killed, paused and started again on the
 * same port, to test a Redis that goes away or hangs.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);
    private static final long POLL_MILLIS = 20;
    private static final String MAX_MEMORY = "64mb";

    private final Path executable;
    private final Path directory;
    private final int port;
    private final List<String> extraArguments;
    private Process process;

    private RedisServer(Path executable, Path directory, int port, List<String> extraArguments) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
        this.extraArguments = extraArguments;
    }

    /**
     * Starts a server and waits until it answers PING.
     *
     * @param extraArguments more {@code redis-server} options, for example {@code --requirepass secret}
     * @return the running server
     * @throws IllegalStateException when redis-server is not installed or does not come up
     */
    public static RedisServer start(String... extraArguments) {
        try {
            RedisServer server = new RedisServer(findExecutable(), Files.createTempDirectory("tts-redis"),
                                                 freePort(), List.of(extraArguments));
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    /**
     * The port it listens on (the same across restarts).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The URL to configure a client with.
     *
     * @return {@code redis://127.0.0.1:<port>/0}
     */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** Stops the server as an operator would (SIGTERM), waiting until it has exited. */
    public void stop() {
        if (process != null && process.isAlive()) {
            resume(); // a paused process does not act on SIGTERM
            process.destroy();
            awaitExit();
        }
    }

    /** Kills the server as a crash would (SIGKILL), waiting until it has exited. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** Freezes the server (SIGSTOP): connections are accepted by the kernel and never answered. */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    /** Starts the server again on the same port, empty, after {@link #stop()} or {@link #kill()}. */
    public void restart() {
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart redis-server", e);
        }
    }

    @Override
    public void close() {
        kill();
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", directory.toString(), "--save", "", "--appendonly", "no",
                "--maxmemory", MAX_MEMORY, "--maxmemory-policy", "allkeys-lru"));
        command.addAll(extraArguments);
        File log = directory.resolve("redis.log").toFile();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                                                        + START_TIMEOUT.toSeconds() + " s; see " + log);
            }
            pauseBeforeRetry();
        }
    }

    /** True when the server answers PING (or asks for a password, which is an answer too). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) PING_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PING_TIMEOUT.toMillis());
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static Path findExecutable() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String dir : directories) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed; ./test.sh installs it "
                                                + "(or: apt-get install redis-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
