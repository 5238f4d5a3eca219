package io.ttsgateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A gateway that cannot start exits non-zero with one line that says why, instead of logging the
 * problem and running on without a listener. Each case runs {@link Main} as its own process, the
 * way users start it.
 */
class StartupFailureTest {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);

    @Test
    void aPortInUseExitsWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            Result result = run(Map.of("PORT", String.valueOf(taken.getLocalPort())));

            assertThat(result.status(), is(1));
            assertThat(result.lastLine(), startsWith("tts-gateway cannot start: cannot listen on 0.0.0.0:"
                                                             + taken.getLocalPort()));
            assertThat(result.lastLine(), containsString("in use"));
        }
    }

    @Test
    void anUnusableCacheDirectoryExitsWithOneLine() throws Exception {
        Path file = Files.createTempFile("tts-not-a-directory", ".txt");
        Result result = run(Map.of("PORT", "0", "CACHE_DIR", file.toString()));

        assertThat(result.status(), is(1));
        assertThat(result.lastLine(), startsWith("tts-gateway cannot start: CACHE_DIR=" + file));
    }

    @Test
    void aBadSettingExitsWithOneLine() throws Exception {
        Result result = run(Map.of("PORT", "0", "TTS_SAMPLE_RATE", "12345"));

        assertThat(result.status(), is(2));
        assertThat(result.lastLine(), startsWith("tts-gateway cannot start: TTS_SAMPLE_RATE=12345"));
    }

    private record Result(int status, String lastLine) {
    }

    private static Result run(Map<String, String> environment) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(Map.of("TTS_PROVIDER", "tone"));
        env.put("CACHE_DIR", Files.createTempDirectory("tts-cache").toString());
        env.putAll(environment);
        try (GatewayProcess gateway = GatewayProcess.start(env)) {
            int status = gateway.awaitExit(EXIT_WAIT);
            if (status == -1) {
                fail("the gateway did not exit; its output:\n" + gateway.log());
            }
            List<String> lines = gateway.log().lines().filter(line -> !line.isBlank()).toList();
            return new Result(status, lines.isEmpty() ? "" : lines.getLast());
        }
    }
}
