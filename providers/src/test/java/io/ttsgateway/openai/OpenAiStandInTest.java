package io.ttsgateway.openai;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.fakes.OpenAiStandIn;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.openai.OpenAiProviderTest.readAll;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarks' single-threaded OpenAI stand-in, read by the gateway's own OpenAI client: the
 * same audio as {@link FakeOpenAi}, never sooner than its pace, on kept-alive connections, and
 * OpenAI's answers to bad requests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenAiStandInTest {

    private static final String KEY = "sk-standin-key";
    private static final Duration FIRST_CHUNK = Duration.ofMillis(60);
    private static final Duration INTERVAL = Duration.ofMillis(10);
    private static final int CHUNKS = 12;
    private static final int CHUNK_MILLIS = 20;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private OpenAiStandIn standIn;
    private OpenAiProvider provider;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        standIn = OpenAiStandIn.start(KEY, new FakeBehavior().firstChunkDelay(FIRST_CHUNK).chunkInterval(INTERVAL)
                .chunks(CHUNKS).chunkMillis(CHUNK_MILLIS));
        provider = provider(KEY);
    }

    @AfterEach
    void stop() {
        provider.close();
        standIn.close();
        threads.shutdownNow();
        http.close();
    }

    private OpenAiProvider provider(String key) {
        return new OpenAiProvider(new OpenAiSettings(key, URI.create(standIn.baseUrl()), "tts-1", "alloy",
                                                     ProviderTimeouts.DEFAULT));
    }

    private AudioStream open(String text) throws ProviderException {
        return provider.open(new SynthesisRequest(text, null, null, AudioFormat.pcm(24_000), Map.of()));
    }

    private static byte[] expectedAudio() {
        return FakeAudio.pcmStream(FakeOpenAi.SAMPLE_RATE, CHUNKS, CHUNK_MILLIS);
    }

    @Test
    void streamsFakeOpenAisToneNoSoonerThanItsPaceOnOneKeptAliveConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try (AudioStream stream = open("Sentence " + i)) {
                byte[] first = stream.read();
                long firstAt = System.nanoTime() - start;
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(first);
                byte[] chunk;
                while ((chunk = stream.read()) != null) {
                    all.write(chunk);
                }
                long endAt = System.nanoTime() - start;
                assertArrayEquals(expectedAudio(), all.toByteArray());
                // Lower bounds only: each chunk is due at a fixed time, and nothing sends it sooner.
                assertThat(firstAt, greaterThanOrEqualTo(FIRST_CHUNK.toNanos()));
                assertThat(endAt, greaterThanOrEqualTo(FIRST_CHUNK.plus(INTERVAL.multipliedBy(CHUNKS - 1)).toNanos()));
            }
        }
        assertTrue(standIn.awaitCompleted(3, WAIT));
        assertThat("three requests on one kept-alive connection", standIn.connectionsAccepted(), is(1L));
    }

    @Test
    void manyStreamsAtOnceEachGetTheWholeTone() throws Exception {
        int streams = 300;
        List<Future<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String text = "Stream number " + i;
            reads.add(threads.submit(() -> readAll(open(text))));
        }
        for (Future<byte[]> read : reads) {
            assertArrayEquals(expectedAudio(), read.get());
        }
        assertTrue(standIn.awaitCompleted(streams, WAIT));
    }

    @Test
    void aClientLeavingMidStreamIsACancelAndTheStandInServesOnForOthers() throws Exception {
        try (AudioStream stream = open("Left after the first chunk")) {
            assertThat(stream.read().length, greaterThanOrEqualTo(1));
        }
        assertTrue(standIn.awaitCancelled(1, WAIT));
        assertArrayEquals(expectedAudio(), readAll(open("Read to the end")));
    }

    @Test
    void aWrongKeyIsRefusedAsOpenAiRefusesIt() {
        try (OpenAiProvider wrong = provider("sk-not-the-key-at-all")) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(wrong.open(
                    new SynthesisRequest("Hello", null, null, AudioFormat.pcm(24_000), Map.of()))));
            assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
        }
    }

    @Test
    void badRequestsGetOpenAisErrors() throws Exception {
        HttpResponse<String> notJson = post("/audio/speech", "application/json", "{not json", KEY);
        assertThat(notJson.statusCode(), is(400));
        assertThat(notJson.body(), containsString("invalid_request_error"));

        HttpResponse<String> unknownField = post("/audio/speech", "application/json",
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"colour\":\"red\"}", KEY);
        assertThat(unknownField.statusCode(), is(400));
        assertThat(unknownField.body(), containsString("unknown_parameter"));

        HttpResponse<String> mp3 = post("/audio/speech", "application/json",
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}", KEY);
        assertThat("the stand-in streams pcm only", mp3.statusCode(), is(501));

        HttpResponse<String> elsewhere = post("/audio/transcriptions", "application/json", "{}", KEY);
        assertThat(elsewhere.statusCode(), is(404));

        HttpResponse<String> noKey = post("/audio/speech", "application/json", "{}", null);
        assertThat(noKey.statusCode(), is(401));
    }

    @Test
    void aChunkedBodyIsRefusedAndRequestsSentTogetherAreAllAnswered() throws Exception {
        assertThat(raw("POST /v1/audio/speech HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n"), startsWith("HTTP/1.1 411 "));

        String body = "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}";
        String request = "POST /v1/audio/speech HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        String answers = raw(request + request.replace("Host: a", "Host: a\r\nConnection: close"));
        assertThat(answers.split("HTTP/1.1 200 OK", -1).length - 1, is(2));
        assertTrue(standIn.awaitCompleted(2, WAIT));

        // An error answered on a kept-alive connection, then the request sent with it: both answered.
        String wrongPath = "POST /v1/audio/translations HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        String both = raw(wrongPath + request.replace("Host: a", "Host: a\r\nConnection: close"));
        assertThat(both, startsWith("HTTP/1.1 404 "));
        assertThat(both, containsString("HTTP/1.1 200 OK"));
    }

    /** Writes bytes on a connection of their own and reads until the stand-in closes it. */
    private String raw(String bytes) throws Exception {
        URI base = URI.create(standIn.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private HttpResponse<String> post(String path, String contentType, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
                .version(HttpClient.Version.HTTP_1_1).timeout(WAIT).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
