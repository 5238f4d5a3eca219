package io.ttsgateway;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.fakes.FakeProvider;
import io.ttsgateway.speech.SpeechEndpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The official {@code openai} npm SDK (e2e/openai-sdk.mjs) against the gateway's speech API: every
 * format from the embedded engine and from each cloud provider's fake, decoded back by ffmpeg;
 * server-sent events; errors in OpenAI's shape; a wrong client key; and an abort mid-stream that
 * stops the provider.
 */
@ServerTest
class OpenAiSdkTest {

    private static final String KEY = "provider-key";
    private static final String CLIENT_KEY = "client-key-for-the-sdk";
    private static final Map<String, FakeProvider> FAKES = new HashMap<>();
    private static Gateway gateway;

    private final String baseUrl;

    OpenAiSdkTest(URI uri) {
        this.baseUrl = "http://localhost:" + uri.getPort() + "/v1";
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        FAKES.putAll(CloudFakes.start(KEY));
        gateway = TestGateways.setUp(server, TestGateways.with(CloudFakes.environment(FAKES, KEY),
                "TTS_PROVIDER", "marytts",
                "GATEWAY_API_KEYS", CLIENT_KEY));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        FAKES.values().forEach(FakeProvider::close);
    }

    @AfterEach
    void resetFakes() {
        FAKES.values().forEach(fake -> fake.behavior().chunks(FakeBehavior.DEFAULT_CHUNKS)
                .chunkInterval(Duration.ofMillis(5)));
    }

    @Test
    void everyFormatFromEveryProviderDecodes() throws Exception {
        String formats = String.join(",", SpeechEndpoint.responseFormats());
        String output = run("formats", CLIENT_KEY, "marytts,tts-1,elevenlabs,deepgram,cartesia,uplift", formats);
        assertThat(output, containsString("marytts pcm"));
    }

    @Test
    void serverSentEventsCarryTheSameAudio() throws Exception {
        run("sse", CLIENT_KEY, "elevenlabs");
    }

    @Test
    void errorsComeInOpenAisShape() throws Exception {
        run("errors", CLIENT_KEY, "elevenlabs");
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        run("unauthorized", "not-the-key", "marytts");
    }

    @Test
    void abortingTheRequestStopsTheProvider() throws Exception {
        FakeOpenAi openAi = (FakeOpenAi) FAKES.get("openai");
        openAi.behavior().chunks(200).chunkInterval(Duration.ofMillis(50));
        int cancels = openAi.events().count("cancel:");

        assertThat(run("abort", CLIENT_KEY, "tts-1"), containsString("aborted"));

        openAi.events().awaitCount("cancel:", cancels + 1, Duration.ofSeconds(10));
    }

    private String run(String testCase, String key, String... arguments) throws Exception {
        String[] args = new String[4 + arguments.length];
        args[0] = testCase;
        args[1] = baseUrl;
        args[2] = key;
        args[3] = Files.createTempDirectory("openai-sdk").toString();
        System.arraycopy(arguments, 0, args, 4, arguments.length);
        NodeScript.Result result = NodeScript.run("openai-sdk.mjs", args);
        assertThat(result.output(), result.exitCode(), is(0));
        return result.output();
    }
}
