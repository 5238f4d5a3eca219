package io.ttsgateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The image's steps without a Docker engine: {@link ImageRehearsal} reads the real Dockerfile,
 * lays out what its COPY lines bring in under a temporary folder and runs the build and jlink
 * stages there (the AOT training run included); then the runtime stage's ENTRYPOINT starts on the
 * jlinked runtime with the stage's ENV and its AOT cache required, becomes ready, speaks one request,
 * passes the HEALTHCHECK and stops on SIGTERM. Takes minutes (a Maven build with the machine's ~/.m2,
 * jlink and the training run); the steps go to this test's output file.
 */
class DockerfileTest {

    /** The embedded engine warms up in 10-20 s; on a busy machine more. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** The shutdown grace period is 20 s; with no session open it should take far less. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HEALTHCHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** What the JVM exits with after SIGTERM: 128 + 15. */
    private static final int SIGTERM_STATUS = 143;
    /** Well under what one sentence of embedded-engine speech takes (about 1 s of 16 kHz PCM). */
    private static final int MIN_AUDIO_BYTES = 24_000;
    private static final String READY_PATH = "/observe/health/ready";
    private static final String AOT_STRICT = "-XX:AOTMode=on";

    @TempDir
    Path folder;
    private Process gateway;

    @AfterEach
    void stopGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void imageBuildsStartsSpeaksAndStops() throws Exception {
        long started = System.nanoTime();
        ImageRehearsal.Container container = new ImageRehearsal(repository(), folder).rehearse();
        Map<String, Long> before = files(container.root());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = new HashMap<>(container.environment());
        environment.put("PORT", String.valueOf(port));
        // AOTMode=on: a JVM that cannot use the image's AOT cache (a stale or foreign one) exits at once
        // instead of starting without it, so this start shows the cache holds for the runtime stage.
        environment.merge("JDK_JAVA_OPTIONS", AOT_STRICT, (options, strict) -> options + " " + strict);
        ImageRehearsal.log("start " + String.join(" ", container.command()) + " in " + container.workdir()
                                   + " as if USER " + container.user() + ", with " + environment);
        ProcessBuilder builder = new ProcessBuilder(container.command()).directory(container.workdir().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        gateway = builder.start();
        ProcessOutput output = ProcessOutput.pump(gateway, "  gateway | ");

        awaitReady(port, output);
        try (TestClient client = TestClient.connect(port)) {
            TestClient.Response response = client.synthesize("r1", "Hello from the container image.").response("r1");
            assertThat(response.status(), is("completed"));
            assertThat(response.start().path("source").asText(), is("marytts"));
            assertThat(response.audio().length, greaterThan(MIN_AUDIO_BYTES));
            ImageRehearsal.log("synthesized r1: " + response.audio().length + " bytes of audio");
        }
        if (container.healthcheck() != null) {
            assertThat("HEALTHCHECK " + container.healthcheck(), healthcheck(container, environment), is(0));
            ImageRehearsal.log("HEALTHCHECK passed");
        }

        long stopping = System.nanoTime();
        gateway.destroy(); // SIGTERM, as docker stop sends
        assertThat("the gateway exits within " + STOP_TIMEOUT + " of SIGTERM",
                   gateway.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), is(true));
        assertThat("exit status after SIGTERM; output:\n" + output.tail(), gateway.exitValue(), is(SIGTERM_STATUS));
        ImageRehearsal.log("stopped by SIGTERM in " + Duration.ofNanos(System.nanoTime() - stopping).toMillis()
                                   + " ms, exit status " + gateway.exitValue());

        // What the skipped useradd/chown are for: the non-root user may write its VOLUMEs only
        // (they own the cache folder), the rest of the image is root-owned and read-only to it.
        List<String> outsideVolumes = new ArrayList<>();
        List<String> inVolumes = new ArrayList<>();
        files(container.root()).forEach((file, modified) -> {
            if (!modified.equals(before.get(file))) {
                boolean inVolume = container.volumes().stream().anyMatch(volume -> Path.of(file).startsWith(volume));
                if (!inVolume) {
                    outsideVolumes.add(file);
                } else if (Files.isRegularFile(Path.of(file))) {
                    inVolumes.add(file);
                }
            }
        });
        assertThat("what the gateway wrote outside its VOLUMEs " + container.volumes(), outsideVolumes, is(empty()));
        assertThat("the audio cache (CACHE_DIR) is in a VOLUME and was written", inVolumes, is(not(empty())));
        ImageRehearsal.log("files written, all in VOLUMEs: " + inVolumes);
        ImageRehearsal.log("passed in " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    @Test
    void anInstructionTheCheckDoesNotKnowFailsIt() throws IOException {
        Path dockerfile = folder.resolve("Dockerfile");
        Files.writeString(dockerfile, "FROM debian:bookworm-slim AS runtime\nADD https://example.com/x /x\n");
        AssertionError error = assertThrows(AssertionError.class, () -> Dockerfile.parse(dockerfile));
        assertThat(error.getMessage(), containsString("line 2"));
        assertThat(error.getMessage(), containsString("does not know ADD"));
    }

    @Test
    void dockerignorePatternsMatchAsDockerMatchesThem() throws IOException {
        Files.writeString(folder.resolve(DockerIgnore.FILE), "# comment\n**/target\n*.iml\ncache/data\nlog\n!log/keep\n");
        DockerIgnore ignore = DockerIgnore.read(folder);
        assertThat(ignore.excluded("app/target/classes/Main.class"), is(true));
        assertThat(ignore.excluded("target"), is(true));
        assertThat(ignore.excluded("x.iml"), is(true));
        assertThat("anchored at the root", ignore.excluded("app/x.iml"), is(false));
        assertThat(ignore.excluded("cache/data/entry"), is(true));
        assertThat(ignore.excluded("cache/src/main/Cache.java"), is(false));
        assertThat(ignore.excluded("log/gateway.log"), is(true));
        assertThat("taken back by !", ignore.excluded("log/keep"), is(false));
        assertThat("! means the folder must be walked", ignore.prunable("log"), is(false));
    }

    private static Path repository() {
        Path app = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path repository = app.getParent();
        assertThat("Dockerfile at the repository root " + repository, Files.exists(repository.resolve("Dockerfile")),
                   is(true));
        return repository;
    }

    private void awaitReady(int port, ProcessOutput output) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + READY_PATH))
                .timeout(POLL_INTERVAL.multipliedBy(4)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!gateway.isAlive()) {
                    throw new AssertionError("the gateway exited with " + gateway.exitValue() + ":\n" + output.tail());
                }
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        ImageRehearsal.log("ready");
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // the server starts listening before the engine is warm; until then, try again
                }
                Thread.sleep(POLL_INTERVAL);
            }
        }
        throw new AssertionError(READY_PATH + " not 200 within " + READY_TIMEOUT + "; output:\n" + output.tail());
    }

    private static int healthcheck(ImageRehearsal.Container container, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(container.healthcheck()).directory(container.workdir().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        ProcessOutput output = ProcessOutput.pump(process, "  healthcheck | ");
        if (!process.waitFor(HEALTHCHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("HEALTHCHECK still running after " + HEALTHCHECK_TIMEOUT + ":\n" + output.tail());
        }
        return process.exitValue();
    }

    /** Every file and folder under a folder, with its modification time. */
    private static Map<String, Long> files(Path root) throws IOException {
        Map<String, Long> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.toList()) {
                files.put(file.toString(), Files.getLastModifiedTime(file).toMillis());
            }
        }
        return files;
    }
}
