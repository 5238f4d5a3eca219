package io.ttsgateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * Streaming input ({@code append}, {@code flush}, {@code end}) over a real socket, on a tone of
 * 20 ms per character, so the audio of every segment has a known length.
 */
@ServerTest
class StreamingInputTest {

    /** 24 kHz, 16-bit, 20 ms per character. */
    private static final int BYTES_PER_CHAR = 48_000 * 20 / 1000;
    private static final String OPENING = "Sure! Let me check that for you.";
    private static final String REST = "Your order shipped yesterday from our warehouse in Denver, and it should "
            + "arrive by Thursday afternoon. Is there anything else I can help you with today?";

    private static Gateway gateway;
    private final int port;

    StreamingInputTest(URI uri) {
        this.port = uri.getPort();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        gateway = TestGateways.setUp(server, Map.of("TTS_PROVIDER", "tone",
                                                    "TONE_PER_CHARACTER", "PT0.02S",
                                                    "TONE_CHUNK", "PT0.1S",
                                                    "TONE_CHUNK_INTERVAL", "PT0.005S",
                                                    "SESSION_MAX_TEXT_LENGTH", "400",
                                                    "TTS_STREAM_IDLE_TIMEOUT", "PT2S"));
    }

    @AfterAll
    static void close() {
        gateway.close();
    }

    @Test
    void tokensGiveTheFirstAudioBeforeTheTextIsCompleteAsOneStreamWithOneDone() {
        List<String> tokens = tokens(OPENING + " " + REST);
        int firstCut = tokens.indexOf(" Your"); // the whitespace after "you." lets the first segment go
        try (TestClient client = TestClient.connect(port)) {
            for (String token : tokens.subList(0, firstCut + 1)) {
                client.append("t1", token);
            }
            TestClient.Text start = client.nextText();
            assertThat("audio starts before the rest of the text is sent", start.action(), is("start"));
            assertThat(start.json().path("format").asText(), is("pcm_24000"));
            for (String token : tokens.subList(firstCut + 1, tokens.size())) {
                client.append("t1", token);
            }
            client.end("t1");
            TestClient.Response rest = client.response("t1", start.json());
            byte[] audio = rest.audio();
            assertThat(rest.status(), is("completed"));
            // Every character of every (trimmed) segment, nothing twice, nothing lost. REST is two
            // segments (the second may end at a sentence end once 80 characters long, at
            // "afternoon."), and the space between two segments is not spoken.
            int expected = (OPENING.length() + REST.length() - 1) * BYTES_PER_CHAR;
            assertThat(audio.length, is(expected));

            // The opening was cached on its own: a later request for it is a hit.
            client.synthesize("again", OPENING);
            TestClient.Response again = client.response("again");
            assertThat(again.start().path("source").asText(), is("cache"));
            assertThat(again.audio().length, is(OPENING.length() * BYTES_PER_CHAR));
        }
    }

    @Test
    void flushSpeaksWhatIsBufferedWithoutASentenceEnd() {
        try (TestClient client = TestClient.connect(port)) {
            client.append("f1", "Hello there");
            client.flush("f1");
            TestClient.Text start = client.nextText();
            assertThat(start.action(), is("start"));
            client.append("f1", " and goodbye");
            client.end("f1");
            TestClient.Response response = client.response("f1", start.json());
            assertThat(response.status(), is("completed"));
            assertThat(response.audio().length, is(("Hello there".length() + "and goodbye".length()) * BYTES_PER_CHAR));
        }
    }

    @Test
    void cancelDuringStreamingInputEndsTheRequestAndTheConnectionGoesOn() {
        try (TestClient client = TestClient.connect(port)) {
            client.append("c1", "This first sentence is long enough to be spoken at once. And then");
            assertThat(client.nextText().action(), is("start"));
            client.cancel("c1");
            assertThat(client.doneAfterAudio("c1").json().path("status").asText(), is("cancelled"));
            // Text for the cancelled request after its done opens nothing old: flush names no open request.
            client.flush("c1");
            TestClient.Text error = client.nextText();
            assertThat(error.json().path("code").asText(), is("invalid_message"));
            client.synthesize("next", "Still working.");
            assertThat(client.response("next").status(), is("completed"));
        }
    }

    @Test
    void aRequestSentAfterAStreamedOneIsHeardAfterIt() {
        try (TestClient client = TestClient.connect(port)) {
            client.append("s1", "First the streamed reply, which is long enough to start. ");
            client.synthesize("w2", "Then the whole one.");
            client.append("s1", "It ends here.");
            client.end("s1");
            TestClient.Response streamed = client.response("s1");
            assertThat(streamed.status(), is("completed"));
            assertThat(client.response("w2").status(), is("completed"));
        }
    }

    @Test
    void aStreamedRequestWithoutInputTimesOut() {
        try (TestClient client = TestClient.connect(port)) {
            client.append("idle", "Nothing more will come");
            TestClient.Response response = client.response("idle");
            assertThat(response.status(), is("failed"));
            assertThat(response.done().path("error").path("code").asText(), is("input_timeout"));
            assertThat(response.chunks().size(), is(0));
        }
    }

    @Test
    void streamedTextIsLimitedLikeAWholeText() {
        try (TestClient client = TestClient.connect(port)) {
            client.append("big", "x".repeat(300));
            client.append("big", "y".repeat(150));
            TestClient.Text error = client.nextText();
            assertThat(error.action(), is("error"));
            assertThat(error.json().path("code").asText(), is("text_too_long"));
            assertThat(error.requestId(), is("big"));
            TestClient.Response response = client.response("big");
            assertThat(response.chunks().size(), is(0)); // no sentence end: nothing was cut before the failure
            assertThat(response.done().path("error").path("code").asText(), is("text_too_long"));
        }
    }

    @Test
    void misuseGetsAnErrorAndChangesNothing() {
        try (TestClient client = TestClient.connect(port)) {
            client.send("{\"action\":\"append\",\"text\":\"no id\"}");
            assertThat(code(client.nextText()), is("invalid_message"));
            client.end("unknown");
            assertThat(code(client.nextText()), is("invalid_message"));

            client.append("opts", "Some text");
            client.send("{\"action\":\"append\",\"requestId\":\"opts\",\"text\":\" more\",\"voice\":\"other\"}");
            assertThat(code(client.nextText()), is("invalid_message"));
            client.append("opts", " and the end.");
            client.end("opts");
            client.end("opts");
            List<TestClient.Frame> frames = client.untilDone("opts");
            assertThat(errors(frames), is(List.of("invalid_message")));
            assertThat(audioBytes(frames), is("Some text and the end.".length() * BYTES_PER_CHAR));

            client.synthesize("whole", "x".repeat(100));
            client.append("whole", "more");
            frames = client.untilDone("whole");
            assertThat(errors(frames), is(List.of("duplicate_request")));
            assertThat(audioBytes(frames), is(100 * BYTES_PER_CHAR));
        }
    }

    private static List<String> errors(List<TestClient.Frame> frames) {
        return frames.stream()
                .filter(frame -> frame instanceof TestClient.Text text && text.action().equals("error"))
                .map(frame -> code((TestClient.Text) frame))
                .toList();
    }

    private static int audioBytes(List<TestClient.Frame> frames) {
        return frames.stream()
                .filter(frame -> frame instanceof TestClient.Binary)
                .mapToInt(frame -> ((TestClient.Binary) frame).bytes().length)
                .sum();
    }

    @Test
    void theFirstSegmentIsCutAtAClauseEndOnceLongEnough() {
        try (TestClient client = TestClient.connect(port)) {
            String clause = "Well, after looking at everything you sent me this morning,";
            for (String token : tokens(clause + " there is")) {
                client.append("clause", token);
            }
            TestClient.Text start = client.nextText();
            assertThat(start.action(), is("start"));
            client.end("clause");
            TestClient.Response response = client.response("clause", start.json());
            assertThat(response.status(), is("completed"));
            assertThat(response.audio().length, is((clause.length() + "there is".length()) * BYTES_PER_CHAR));
        }
    }

    private static String code(TestClient.Text text) {
        assertThat(text, instanceOf(TestClient.Text.class));
        return text.json().path("code").asText();
    }

    /** Words with their leading space, as an LLM streams them. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        String[] words = text.split(" ");
        tokens.add(words[0]);
        Arrays.stream(words).skip(1).forEach(word -> tokens.add(" " + word));
        return tokens;
    }
}
