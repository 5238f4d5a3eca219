package io.ttsgateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeProvider;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * The five cloud providers behind one gateway, each pointed at its fake: one connection reaches
 * every provider by name, audio arrives complete and in order at the gateway's rate, every failure
 * becomes its error code with the connection still usable, and a cancel reaches the provider.
 */
@ServerTest
class CloudProvidersTest {

    private static final String KEY = "sk-gateway-test-key-7c1f9e";
    private static final int RATE = 24000;
    private static final Map<String, FakeProvider> FAKES = new LinkedHashMap<>();
    private static final AtomicInteger TEXTS = new AtomicInteger();

    private final TestClient client;

    CloudProvidersTest(URI uri) {
        this.client = TestClient.connect(uri.getPort());
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        FAKES.putAll(CloudFakes.start(KEY));
        TestGateways.setUp(server, TestGateways.with(CloudFakes.environment(FAKES, KEY),
                "TTS_PROVIDER", "elevenlabs",
                "TTS_SAMPLE_RATE", String.valueOf(RATE),
                "MARYTTS_ENABLED", "false",
                "PROVIDER_FIRST_BYTE_TIMEOUT", "PT2S",
                "PROVIDER_STALL_TIMEOUT", "PT2S"));
    }

    @AfterAll
    static void stopFakes() {
        FAKES.values().forEach(FakeProvider::close);
    }

    @AfterEach
    void closeClient() {
        client.close();
        FAKES.values().forEach(fake -> fake.behavior().failNext(Failure.NONE).firstChunkDelay(Duration.ofMillis(20))
                .chunkInterval(Duration.ofMillis(5)).chunks(FakeBehavior.DEFAULT_CHUNKS).chunkMillis(100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"elevenlabs", "openai", "deepgram", "cartesia", "uplift"})
    void audioArrivesCompleteInOrderAtTheGatewaysRate(String provider) {
        FakeBehavior behavior = FAKES.get(provider).behavior();
        TestClient.Response response = request(provider, "r1");

        assertThat(response.status(), is("completed"));
        assertThat(response.start().path("source").asText(), is(provider));
        assertThat(response.start().path("format").asText(), is("pcm_" + RATE));
        byte[] audio = response.audio();
        int expectedSamples = behavior.chunks() * FakeAudio.samplesPerChunk(RATE, behavior.chunkMillis());
        if (provider.equals("uplift")) {
            // Uplift speaks 22.05 kHz only: resampled, so compare length and tone, not bytes.
            assertThat((double) audio.length / 2, closeTo(expectedSamples, RATE / 100.0));
            assertThat(Tones.magnitude(audio, RATE, FakeAudio.FREQUENCY), greaterThan(0.4));
        } else {
            assertThat("byte-identical to what the provider sent", audio,
                       is(FakeAudio.pcm(RATE, 0, expectedSamples)));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "elevenlabs, UNAUTHORIZED, provider_auth_failed, false",
            "elevenlabs, RATE_LIMITED, provider_rate_limited, true",
            "elevenlabs, SERVER_ERROR, provider_unavailable, true",
            "elevenlabs, DROP_MID_STREAM, provider_unavailable, true",
            "elevenlabs, STALL_BEFORE_AUDIO, provider_timeout, true",
            "elevenlabs, STALL_MID_STREAM, provider_timeout, true",
            "openai, UNAUTHORIZED, provider_auth_failed, false",
            "openai, RATE_LIMITED, provider_rate_limited, true",
            "openai, SERVER_ERROR, provider_unavailable, true",
            "openai, DROP_MID_STREAM, provider_unavailable, true",
            "openai, STALL_BEFORE_AUDIO, provider_timeout, true",
            "openai, STALL_MID_STREAM, provider_timeout, true",
            "deepgram, UNAUTHORIZED, provider_auth_failed, false",
            "deepgram, RATE_LIMITED, provider_rate_limited, true",
            "deepgram, SERVER_ERROR, provider_unavailable, true",
            "deepgram, DROP_MID_STREAM, provider_unavailable, true",
            "deepgram, STALL_BEFORE_AUDIO, provider_timeout, true",
            "deepgram, STALL_MID_STREAM, provider_timeout, true",
            "cartesia, UNAUTHORIZED, provider_auth_failed, false",
            "cartesia, RATE_LIMITED, provider_rate_limited, true",
            "cartesia, SERVER_ERROR, provider_unavailable, true",
            "cartesia, DROP_MID_STREAM, provider_unavailable, true",
            "cartesia, STALL_BEFORE_AUDIO, provider_timeout, true",
            "cartesia, STALL_MID_STREAM, provider_timeout, true",
            "uplift, UNAUTHORIZED, provider_auth_failed, false",
            "uplift, RATE_LIMITED, provider_rate_limited, true",
            "uplift, SERVER_ERROR, provider_unavailable, true",
            "uplift, DROP_MID_STREAM, provider_unavailable, true",
            "uplift, STALL_BEFORE_AUDIO, provider_timeout, true",
            "uplift, STALL_MID_STREAM, provider_timeout, true"})
    void aFailureBecomesItsCodeAndTheConnectionGoesOn(String provider, Failure failure, String code,
                                                      boolean retryable) {
        if (failure != Failure.UNAUTHORIZED) {
            // A first request opens the provider connection, so the failure hits a reused one. A
            // key is refused at the handshake, so that case runs on this client's fresh connection.
            assertThat(request(provider, "warm").status(), is("completed"));
        }
        FAKES.get(provider).behavior().failNext(failure);

        TestClient.Response failed = request(provider, "bad");
        assertThat(failed.status(), is("failed"));
        assertThat(failed.done().path("error").path("code").asText(), is(code));
        assertThat(failed.done().path("error").path("retryable").asBoolean(), is(retryable));
        assertThat(failed.done().toString(), not(containsString(KEY)));

        assertThat("the same connection still works", request(provider, "after").status(), is("completed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"elevenlabs", "openai", "deepgram", "cartesia", "uplift"})
    void aCancelReachesTheProvider(String provider) throws Exception {
        FakeProvider fake = FAKES.get(provider);
        fake.behavior().chunks(50).chunkInterval(Duration.ofMillis(100));
        fake.events().clear();
        client.send(synthesize(provider, "long"));
        TestClient.Frame frame;
        do {
            frame = client.next();
        } while (!(frame instanceof TestClient.Binary));
        client.cancel("long");

        assertThat(client.doneAfterAudio("long").json().path("status").asText(), is("cancelled"));
        fake.events().await("cancel", TestClient.TIMEOUT);
        fake.behavior().chunks(FakeBehavior.DEFAULT_CHUNKS).chunkInterval(Duration.ofMillis(5));
        assertThat(request(provider, "next").status(), is("completed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"elevenlabs", "cartesia"})
    void wordTimingsBecomeAlignmentMessages(String provider) {
        client.send("{\"action\":\"synthesize\",\"requestId\":\"t\",\"provider\":\"" + provider
                            + "\",\"timestamps\":true,\"text\":\"Hello brave new world " + TEXTS.incrementAndGet()
                            + "\"}");
        TestClient.Response response = client.response("t");

        assertThat(response.status(), is("completed"));
        assertThat(response.alignments().isEmpty(), is(false));
        List<String> words = new ArrayList<>();
        long previousStart = -1;
        for (JsonNode alignment : response.alignments()) {
            JsonNode starts = alignment.path("startMs");
            JsonNode ends = alignment.path("endMs");
            assertThat(alignment.path("words").size(), is(starts.size()));
            for (int i = 0; i < starts.size(); i++) {
                words.add(alignment.path("words").get(i).asText());
                assertThat("word starts never go back", starts.get(i).asLong() >= previousStart, is(true));
                assertThat(ends.get(i).asLong() >= starts.get(i).asLong(), is(true));
                previousStart = starts.get(i).asLong();
            }
        }
        assertThat(String.join(" ", words).replaceAll("[^A-Za-z0-9 ]", ""),
                   is("Hello brave new world " + TEXTS.get()));
    }

    @Test
    void withoutTimestampsNoAlignmentIsSent() {
        assertThat(request("cartesia", "plain").alignments().isEmpty(), is(true));
    }

    @Test
    void oneConnectionSpeaksWithEveryProviderInTurn() {
        List<String> names = new ArrayList<>(FAKES.keySet());
        for (String provider : names) {
            client.send(synthesize(provider, "p-" + provider));
        }
        for (String provider : names) {
            TestClient.Response response = client.response("p-" + provider);
            assertThat(response.status(), is("completed"));
            assertThat(response.start().path("source").asText(), is(provider));
        }
    }

    @Test
    void anUnknownProviderFailsThatRequestOnly() {
        client.send("{\"action\":\"synthesize\",\"requestId\":\"x\",\"text\":\"Hello\",\"provider\":\"polly\"}");
        JsonNode error = client.nextText().json();
        assertThat(error.path("code").asText(), is("unknown_provider"));
        assertThat(request("cartesia", "y").status(), is("completed"));
    }

    @Test
    void theKeyIsInNoLogLine() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                // The fakes' own servers run in this JVM and log the headers they receive at FINEST:
                // that is the provider's side of the wire, not the gateway's.
                if (record.getLoggerName() == null || !record.getLoggerName().startsWith("io.helidon.webserver")) {
                    lines.add(formatter.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        List<Logger> loggers = List.of(root, Logger.getLogger("io.ttsgateway"), Logger.getLogger("io.helidon"));
        List<Level> previous = loggers.stream().map(Logger::getLevel).toList();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        loggers.forEach(logger -> logger.setLevel(Level.ALL));
        try {
            for (String provider : FAKES.keySet()) {
                FAKES.get(provider).behavior().failNext(Failure.UNAUTHORIZED);
                assertThat(request(provider, "k-" + provider).status(), is("failed"));
                assertThat(request(provider, "ok-" + provider).status(), is("completed"));
            }
        } finally {
            root.removeHandler(capture);
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(previous.get(i));
            }
        }
        assertThat(lines.size(), greaterThan(0));
        for (String line : lines) {
            assertThat(line, not(containsString(KEY)));
        }
    }

    private TestClient.Response request(String provider, String requestId) {
        client.send(synthesize(provider, requestId));
        return client.response(requestId);
    }

    private static String synthesize(String provider, String requestId) {
        return "{\"action\":\"synthesize\",\"requestId\":\"" + requestId + "\",\"provider\":\"" + provider
                + "\",\"text\":\"Hello number " + TEXTS.incrementAndGet() + ", how can I help you today?\"}";
    }
}
