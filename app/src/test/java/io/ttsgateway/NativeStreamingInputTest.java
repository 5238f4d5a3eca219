package io.ttsgateway;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.fakes.FakeProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Streaming input through the gateway to the providers that take it natively: the segments of one
 * request go into one provider context (ElevenLabs context, Deepgram socket, Cartesia context), as
 * the fakes record, and the client still hears one stream with one {@code done}.
 */
@ServerTest
class NativeStreamingInputTest {

    private static final String KEY = "sk-native-streaming-key";
    private static final String REPLY = "Sure! Let me check that for you. Your order shipped yesterday from our "
            + "warehouse in Denver, and it should arrive by Thursday afternoon at the latest. Is there anything "
            + "else I can help you with today, or shall I send you the tracking number by email right now?";

    private static FakeElevenLabs elevenLabs;
    private static FakeDeepgram deepgram;
    private static FakeCartesia cartesia;
    private final int port;

    NativeStreamingInputTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        elevenLabs = FakeElevenLabs.start(KEY);
        deepgram = FakeDeepgram.start(KEY);
        cartesia = FakeCartesia.start(KEY);
        TestGateways.setUp(server, Map.of("TTS_PROVIDER", "elevenlabs",
                                          "MARYTTS_ENABLED", "false",
                                          "PROVIDER_FIRST_BYTE_TIMEOUT", "PT2S",
                                          "PROVIDER_STALL_TIMEOUT", "PT2S",
                                          "ELEVENLABS_API_KEY", KEY,
                                          "ELEVENLABS_BASE_URL", elevenLabs.baseUrl(),
                                          "DG_API_KEY", KEY,
                                          "DG_BASE_URL", deepgram.baseUrl(),
                                          "CARTESIA_API_KEY", KEY,
                                          "CARTESIA_BASE_URL", cartesia.baseUrl()));
    }

    @AfterAll
    static void stopFakes() {
        elevenLabs.close();
        deepgram.close();
        cartesia.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"elevenlabs", "deepgram", "cartesia"})
    void segmentsOfOneRequestShareOneProviderContext(String provider) {
        FakeProvider fake = fake(provider);
        fake.events().clear();
        List<String> tokens = StreamingInputTest.tokens(REPLY);
        int firstCut = tokens.indexOf(" Your");
        try (TestClient client = TestClient.connect(port)) {
            client.send("{\"action\":\"append\",\"requestId\":\"t1\",\"provider\":\"" + provider + "\",\"text\":\""
                                + tokens.getFirst() + "\"}");
            for (String token : tokens.subList(1, firstCut + 1)) {
                client.append("t1", token);
            }
            TestClient.Text start = client.nextText();
            assertThat("first audio before the text is complete", start.action(), is("start"));
            assertThat(start.json().path("source").asText(), is(provider));
            for (String token : tokens.subList(firstCut + 1, tokens.size())) {
                client.append("t1", token);
            }
            client.end("t1");
            TestClient.Response response = client.response("t1", start.json());
            assertThat(response.status(), is("completed"));
            assertThat(response.audio().length, greaterThan(0));
        }
        List<String> segments = fake.events().all().stream().filter(event -> event.startsWith(segmentEvent(provider)))
                .toList();
        assertThat("several segments: " + segments, segments.size(), greaterThanOrEqualTo(3));
        assertThat("one provider context for all of them: " + segments,
                   segments.stream().map(NativeStreamingInputTest::contextOf).distinct().count(), is(1L));
    }

    private static FakeProvider fake(String provider) {
        return switch (provider) {
            case "elevenlabs" -> elevenLabs;
            case "deepgram" -> deepgram;
            default -> cartesia;
        };
    }

    /** The event a fake records for each segment sent to it, followed by the context (or socket) id. */
    private static String segmentEvent(String provider) {
        return switch (provider) {
            case "elevenlabs" -> "flush:";
            case "deepgram" -> "speak:";
            default -> "input:";
        };
    }

    private static String contextOf(String event) {
        int space = event.indexOf(' ');
        return space < 0 ? event : event.substring(0, space);
    }
}
