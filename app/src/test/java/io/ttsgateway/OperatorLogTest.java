package io.ttsgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The log of a gateway process as an operator collects it: with {@code LOG_FORMAT=json} every line
 * of its output is one JSON record, the embedded engine's log4j output and the SLF4J libraries'
 * included; a bad {@code LOG_FORMAT} stops start-up with one line.
 */
class OperatorLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WARM_UP = Duration.ofSeconds(180);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(60);
    /** Tokens MaryTTS's letter-to-sound rules cannot pronounce: it complains about each at ERROR. */
    private static final String UNPRONOUNCEABLE = "Hello \u0663\u0664 and \u2030 from Quentavious.";

    @Test
    void jsonLinesCarryEveryLibraryAndNoSpokenToken() throws Exception {
        String output;
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "LOG_FORMAT", "json", "TTS_PROVIDER", "marytts", "MARYTTS_ENABLED", "true",
                "CACHE_DIR", Files.createTempDirectory("tts-json-log").toString()))) {
            gateway.awaitReady(WARM_UP);
            try (TestClient client = TestClient.connect(gateway.port())) {
                assertThat(client.synthesize("r1", UNPRONOUNCEABLE).response("r1").status(), is("completed"));
            }
            gateway.terminate();
            if (gateway.awaitExit(EXIT_WAIT) == -1) {
                fail("the gateway did not stop; its output:\n" + gateway.log());
            }
            output = gateway.log();
        }

        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        List<String> loggers = lines.stream().map(line -> record(line, output).path("logger").asText()).toList();
        assertThat(loggers, hasItem("io.ttsgateway.Main"));
        assertThat(loggers, hasItem("de.dfki.lt.tools.tokenizer.JTok")); // SLF4J, routed
        assertThat(output, not(containsString("No SLF4J providers")));
        assertThat(output, not(containsString("Problem with token")));
        assertThat(output, not(containsString("\u2030")));
        assertThat(output, not(containsString("Quentavious")));
    }

    @Test
    void anUnknownLogFormatExitsWithOneLine() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(Map.of(
                "LOG_FORMAT", "xml", "TTS_PROVIDER", "tone",
                "CACHE_DIR", Files.createTempDirectory("tts-bad-log").toString()))) {
            assertThat(gateway.awaitExit(EXIT_WAIT), is(2));
            List<String> lines = gateway.log().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines, is(List.of("tts-gateway cannot start: LOG_FORMAT (log.format) = 'xml' must be text or"
                                                 + " json; default is 'text'")));
        }
    }

    /** One line as a JSON record with every field, failing with the whole output when it is not. */
    private static JsonNode record(String line, String output) {
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line + "\nin:\n" + output, e);
        }
        for (String field : List.of("time", "level", "logger", "message", "thread")) {
            if (!json.path(field).isTextual()) {
                throw new AssertionError("no " + field + " in " + line);
            }
        }
        return json;
    }
}
