package io.ttsgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.marytts.MaryTtsProvider;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.tone.ToneProvider;
import io.ttsgateway.tone.ToneSettings;
import io.ttsgateway.web.ProvidersEndpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The browser playground on the embedded engine: the page in headless Chromium (speak, hear it
 * play, stop it mid-stream; {@code e2e/playground.mjs}), and the HTTP resources it is built from.
 */
@ServerTest
class PlaygroundTest {

    /** Where the page's screenshot is kept for people to look at (module's target folder). */
    private static final Path SCREENSHOT = Path.of("target", "playground.png");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** A blank page compresses to a few kB; the filled-in page is well above this. */
    private static final int MIN_SCREENSHOT_BYTES = 20_000;
    /** The script's viewport is 1000 x 900 and the screenshot covers the full page. */
    private static final int MIN_SCREENSHOT_WIDTH = 1000;
    private static final int MIN_SCREENSHOT_HEIGHT = 900;
    private static final List<String> ALL_FORMATS = List.of(
            "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000", "ulaw_8000", "alaw_8000",
            "wav_8000", "wav_16000", "wav_22050", "wav_24000", "wav_44100", "wav_48000");

    private static Gateway gateway;
    private final URI uri;
    private final ObjectMapper mapper = new ObjectMapper();

    PlaygroundTest(URI uri) {
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "marytts"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void browserSpeaksPlaysAndStopsMidStream() throws Exception {
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.deleteIfExists(SCREENSHOT);
        // --llm: the browser also types a text "like an LLM" (append messages, then end).
        List<String> args = new ArrayList<>(List.of(uri.resolve("/").toString(), SCREENSHOT.toAbsolutePath().toString(),
                                                    "--llm"));

        NodeScript.Result result = NodeScript.run("playground.mjs", args.toArray(String[]::new));

        assertThat(result.output(), result.exitCode(), is(0));
        assertThat(result.output(), containsString("all checks passed"));
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat("a PNG", Arrays.copyOf(png, PNG_SIGNATURE.length), is(PNG_SIGNATURE));
        assertThat("the page, not a blank", png.length, greaterThan(MIN_SCREENSHOT_BYTES));
        // IHDR is the first chunk: width and height, big-endian, at bytes 16 and 20.
        assertThat(ByteBuffer.wrap(png, 16, 4).getInt(), greaterThanOrEqualTo(MIN_SCREENSHOT_WIDTH));
        assertThat(ByteBuffer.wrap(png, 20, 4).getInt(), greaterThanOrEqualTo(MIN_SCREENSHOT_HEIGHT));
    }

    @Test
    void providersDocumentListsTheProvidersAndEveryFormat() throws Exception {
        HttpResponse<String> response = get("/api/v1/providers", Map.of());

        assertThat(response.statusCode(), is(200));
        assertThat(header(response, "Content-Type"), startsWith("application/json"));
        JsonNode document = mapper.readTree(response.body());
        assertThat(document.path("defaultProvider").asText(), is("marytts"));
        assertThat(document.path("defaultFormat").asText(), is("pcm_24000"));
        assertThat("no client keys configured", document.path("authRequired").asBoolean(true), is(false));
        List<String> formats = new ArrayList<>();
        document.path("formats").forEach(format -> formats.add(format.asText()));
        assertThat(formats, is(ALL_FORMATS));
        formats.forEach(AudioFormat::parse);
        JsonNode providers = document.path("providers");
        assertThat(providers.size(), is(1));
        JsonNode mary = providers.get(0);
        assertThat(mary.path("name").asText(), is("marytts"));
        assertThat(mary.path("defaultVoice").asText(), is(MaryTtsProvider.DEFAULT_VOICE));
        assertThat("present, and null", mary.has("defaultModel") && mary.get("defaultModel").isNull(), is(true));
        assertThat(mary.path("wordTimestamps").isBoolean(), is(true));
        assertThat(mary.path("inputStreaming").isBoolean(), is(true));
    }

    @Test
    void providersDocumentSaysWhenTheSocketWantsAKey() throws Exception {
        ToneProvider tone = new ToneProvider(new ToneSettings(Duration.ZERO, Duration.ZERO, Duration.ofMillis(100),
                                                              Duration.ofMillis(10), 440));
        try (ProviderRegistry registry = new ProviderRegistry(List.of(tone), ToneProvider.NAME, List.of())) {
            JsonNode document = mapper.readTree(
                    new ProvidersEndpoint(registry, AudioFormat.parse("ulaw_8000"), true).document());

            assertThat(document.path("authRequired").asBoolean(false), is(true));
            assertThat(document.path("defaultFormat").asText(), is("ulaw_8000"));
            assertThat(document.path("providers").get(0).path("name").asText(), is(ToneProvider.NAME));
            assertThat("a provider without a default voice", document.path("providers").get(0).get("defaultVoice").isNull(),
                       is(true));
        }
    }

    @Test
    void pageAndItsFilesHaveTheirTypesAndRevalidate() throws Exception {
        HttpResponse<String> page = get("/", Map.of());
        assertThat(page.statusCode(), is(200));
        assertThat(header(page, "Content-Type"), is("text/html; charset=UTF-8"));
        assertThat(header(page, "Cache-Control"), is("no-cache"));
        assertThat(page.body(), containsString("<title>tts-gateway playground</title>"));
        assertThat(page.body(), containsString("src=\"playground.js\""));

        assertThat(header(get("/playground.js", Map.of()), "Content-Type"), is("text/javascript; charset=UTF-8"));
        assertThat(header(get("/playground.css", Map.of()), "Content-Type"), is("text/css; charset=UTF-8"));

        String etag = header(page, "ETag");
        assertThat("unchanged page", get("/", Map.of("If-None-Match", etag)).statusCode(), is(304));
        assertThat("another version", get("/", Map.of("If-None-Match", "\"other\"")).statusCode(), is(200));
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        for (String path : List.of("/nope", "/index.html", "/web/index.html", "/playground.js.map", "/api/v1/nope")) {
            assertThat(path, get(path, Map.of()).statusCode(), is(404));
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }
}
