package io.ttsgateway.openai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeOpenAi;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The fake refuses what OpenAI refuses, in OpenAI's error shape, so the client tests mean something.
 */
class FakeOpenAiContractTest {

    private static final String KEY = "sk-contract-key-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeOpenAi fake;
    private HttpClient client;

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start(KEY);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        client.shutdownNow();
        fake.close();
    }

    private HttpResponse<byte[]> post(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/audio/speech"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"bogus\":1}              | 400 | unknown_parameter",
        "{\"input\":\"hi\",\"voice\":\"alloy\"}                                                | 400 | missing_required_parameter",
        "{\"model\":\"tts-1\",\"voice\":\"alloy\"}                                             | 400 | missing_required_parameter",
        "{\"model\":\"tts-1\",\"input\":\"hi\"}                                                | 400 | missing_required_parameter",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"robot\"}                            | 400 | invalid_value",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":{\"name\":\"x\"}}                     | 400 | invalid_type",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"speed\":0.1}              | 400 | decimal_below_min_value",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"speed\":4.5}              | 400 | decimal_above_max_value",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"speed\":\"1\"}            | 400 | invalid_type",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"response_format\":\"ogg\"} | 400 | invalid_value",
        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"instructions\":\"calm\"}  | 400 | unsupported_parameter",
        "{\"model\":\"tts-1-hd\",\"input\":\"hi\",\"voice\":\"alloy\",\"stream_format\":\"sse\"} | 400 | unsupported_value",
        "{\"model\":\"tts-9\",\"input\":\"hi\",\"voice\":\"alloy\"}                            | 404 | model_not_found",
    })
    void refusesWhatOpenAiRefuses(String body, int status, String code) throws Exception {
        HttpResponse<byte[]> response = post("Bearer " + KEY, body);

        assertThat(response.statusCode(), is(status));
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText(), is(code));
        assertThat(error.has("message") && error.has("type") && error.has("param"), is(true));
        fake.events().await("rejected:" + code, Duration.ofSeconds(5));
        assertThat(fake.events().count("request:"), is(0));
    }

    @Test
    void refusesInputOverTheLimit() throws Exception {
        HttpResponse<byte[]> response = post("Bearer " + KEY, "{\"model\":\"tts-1\",\"input\":\"" + "a".repeat(4097)
                + "\",\"voice\":\"alloy\"}");

        assertThat(response.statusCode(), is(400));
        assertThat(JSON.readTree(response.body()).path("error").path("param").asText(), is("input"));
    }

    @Test
    void refusesMissingAndWrongKeysLikeOpenAi() throws Exception {
        String body = "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\"}";

        HttpResponse<byte[]> missing = post(null, body);
        HttpResponse<byte[]> wrong = post("Bearer sk-wrong-key-9876", body);

        assertThat(missing.statusCode(), is(401));
        assertThat(wrong.statusCode(), is(401));
        JsonNode error = JSON.readTree(wrong.body()).path("error");
        assertThat(error.path("code").asText(), is("invalid_api_key"));
        // The real message echoes part of the key presented: the reason clients must not pass it on.
        assertThat(error.path("message").asText(), containsString("9876"));
        fake.events().await("rejected:auth-missing", Duration.ofSeconds(5));
        fake.events().await("rejected:auth-invalid", Duration.ofSeconds(5));
    }

    @Test
    void streamsPcmAndServerSentEvents() throws Exception {
        HttpResponse<byte[]> pcm = post("Bearer " + KEY,
                                        "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":{\"id\":\"voice_1\"},"
                                                + "\"response_format\":\"pcm\",\"speed\":1.25}");
        HttpResponse<byte[]> sse = post("Bearer " + KEY,
                                        "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"hi\",\"voice\":\"coral\","
                                                + "\"response_format\":\"pcm\",\"stream_format\":\"sse\","
                                                + "\"instructions\":\"calm\"}");

        assertThat(pcm.statusCode(), is(200));
        assertThat(pcm.headers().firstValue("transfer-encoding").orElse(""), is("chunked"));
        assertArrayEquals(FakeAudio.pcmStream(FakeOpenAi.SAMPLE_RATE, 5, 100), pcm.body());
        assertThat(sse.statusCode(), is(200));
        assertThat(sse.headers().firstValue("content-type").orElse(""), startsWith("text/event-stream"));
        String events = new String(sse.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(events, startsWith("data: {\"type\":\"speech.audio.delta\",\"audio\":\""));
        assertThat(events, containsString("{\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":"));
        assertThat(fake.requests().get(0).speed(), is(1.25));
        assertThat(fake.requests().get(1).instructions(), is("calm"));
    }
}
