package io.ttsgateway.elevenlabs;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.WordAlignment;

import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.CHUNKS;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.CHUNK_MILLIS;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.KEY;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.RELAXED;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.SHORT;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.WAIT;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.failureOf;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.flatten;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.readAlignments;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.readAll;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.request;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.settings;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.startFake;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The multi-context WebSocket path, against the fake over real sockets.
 */
class ElevenLabsSessionTest {

    private FakeElevenLabs fake;
    private ElevenLabsProvider provider;
    private ProviderSession session;

    @BeforeEach
    void start() {
        fake = startFake();
        provider = new ElevenLabsProvider(settings(fake, KEY, RELAXED));
        session = provider.openSession();
    }

    @AfterEach
    void stop() {
        session.close();
        provider.close();
        fake.close();
    }

    @Test
    void streamsCompleteAudioInOrder() throws Exception {
        AudioStream stream = session.open(request("pcm_16000"));

        assertThat(stream.format(), is(AudioFormat.pcm(16000)));
        assertThat(readAll(stream), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().await("request:", WAIT), is("request:ctx-1:pcm_16000:eleven_flash_v2_5"));
        assertThat(fake.events().all(), hasItem("final:ctx-1"));
    }

    @Test
    void asksForTheRequestedEncodingItself() throws Exception {
        AudioStream stream = session.open(request("ulaw_8000"));

        byte[] expected = FakeAudio.muLaw(8000, 0, CHUNKS * FakeAudio.samplesPerChunk(8000, CHUNK_MILLIS));
        assertThat(stream.format(), is(new AudioFormat(AudioEncoding.ULAW, 8000)));
        assertThat(readAll(stream), is(expected));
        assertThat(fake.events().await("request:", WAIT), containsString(":ulaw_8000:"));
    }

    @Test
    void convertsWhatTheSocketCannotProduce() throws Exception {
        AudioStream stream = session.open(request("pcm_48000"));

        byte[] audio = readAll(stream);
        assertThat(stream.format(), is(AudioFormat.pcm(48000)));
        assertThat(fake.events().await("request:", WAIT), containsString(":pcm_24000:"));
        double expectedBytes = 48000 * 2 * CHUNKS * CHUNK_MILLIS / 1000.0;
        assertThat((double) audio.length, closeTo(expectedBytes, expectedBytes * 0.02));
    }

    static Stream<Arguments> failures() {
        return Stream.of(Arguments.of(FakeBehavior.Failure.UNAUTHORIZED, ProviderErrorKind.AUTH_FAILED),
                         Arguments.of(FakeBehavior.Failure.RATE_LIMITED, ProviderErrorKind.RATE_LIMITED),
                         Arguments.of(FakeBehavior.Failure.SERVER_ERROR, ProviderErrorKind.UNAVAILABLE),
                         Arguments.of(FakeBehavior.Failure.DROP_MID_STREAM, ProviderErrorKind.UNAVAILABLE),
                         Arguments.of(FakeBehavior.Failure.STALL_BEFORE_AUDIO, ProviderErrorKind.TIMEOUT),
                         Arguments.of(FakeBehavior.Failure.STALL_MID_STREAM, ProviderErrorKind.TIMEOUT));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failsWithTheRightKindAndStaysUsable(FakeBehavior.Failure failure, ProviderErrorKind kind) throws Exception {
        ElevenLabsProvider shortTimeouts = new ElevenLabsProvider(settings(fake, KEY, SHORT));
        try (ProviderSession shortSession = shortTimeouts.openSession()) {
            // Warm the socket first, so the failure also hits a reused connection.
            readAll(shortSession.open(request("pcm_16000")));
            fake.behavior().failNext(failure);

            ProviderException error = failureOf(shortSession.open(request("pcm_16000")));

            assertThat(error.kind(), is(kind));
            assertThat(error.getMessage(), not(containsString(KEY)));
            // Nothing is ever sent twice once the provider took the request (refusals record none).
            boolean refused = failure == FakeBehavior.Failure.UNAUTHORIZED || failure == FakeBehavior.Failure.RATE_LIMITED
                    || failure == FakeBehavior.Failure.SERVER_ERROR;
            assertThat(fake.events().count("request:"), is(refused ? 1 : 2));
            assertThat(readAll(shortSession.open(request("pcm_16000"))),
                       is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        } finally {
            shortTimeouts.close();
        }
    }

    @Test
    void cancelReachesTheProviderAndKeepsTheSocket() throws Exception {
        fake.behavior().chunks(100).chunkInterval(Duration.ofMillis(50));
        AudioStream stream = session.open(request("pcm_16000"));
        assertThat(stream.read(), not(nullValue()));

        stream.close();

        assertThat(fake.events().await("cancel:", WAIT), is("cancel:ctx-1"));
        assertThat(stream.read(), nullValue());
        fake.behavior().chunks(CHUNKS).chunkInterval(Duration.ofMillis(5));
        assertThat(readAll(session.open(request("pcm_16000"))), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        fake.behavior().failNext(FakeBehavior.Failure.STALL_BEFORE_AUDIO);
        AudioStream stream = session.open(request("pcm_16000"));
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(stream.read() == null ? "end" : "audio");
            } catch (Exception e) {
                outcome.set(e);
            } finally {
                done.countDown();
            }
        });
        fake.events().await("stalled:", WAIT);

        stream.close();

        assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), is(true));
        reader.join(WAIT);
        assertThat(outcome.get(), is("end"));
        assertThat(fake.events().await("cancel:", WAIT), is("cancel:ctx-1"));
    }

    @Test
    void consecutiveRequestsShareOneConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(readAll(session.open(request("pcm_16000"))),
                       is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        }

        assertThat(fake.events().count("connect"), is(1));
        assertThat(fake.events().count("request:"), is(3));
    }

    @Test
    void overlappingRequestsShareOneConnection() throws Exception {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> results = Stream.of("pcm_16000", "pcm_16000").map(format -> threads.submit(() -> {
                go.await();
                return readAll(session.open(request(format)));
            })).toList();
            go.countDown();

            for (Future<byte[]> result : results) {
                assertThat(result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                           is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void opensAnotherSocketPastFiveContexts() throws Exception {
        fake.behavior().chunks(10).chunkInterval(Duration.ofMillis(20));
        List<AudioStream> streams = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(session.open(request("pcm_16000")));
        }

        for (AudioStream stream : streams) {
            assertThat(readAll(stream), is(FakeAudio.pcmStream(16000, 10, CHUNK_MILLIS)));
        }
        assertThat(fake.events().count("connect"), is(2));
        assertThat(fake.events().count("error:"), is(0));
    }

    @Test
    void reconnectsAfterTheProviderExpiredTheIdleSocket() throws Exception {
        readAll(session.open(request("pcm_16000")));

        fake.expireIdleSockets();
        fake.events().await("expired", WAIT);

        assertThat(readAll(session.open(request("pcm_16000"))), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void reconnectsAfterTheProviderDroppedTheIdleSocket() throws Exception {
        readAll(session.open(request("pcm_16000")));

        fake.dropConnections();
        fake.events().await("dropped:", WAIT);

        assertThat(readAll(session.open(request("pcm_16000"))), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void resendsOnceWhenAReusedSocketDiesBeforeAnswering() throws Exception {
        readAll(session.open(request("pcm_16000")));
        fake.dropNextContext();

        assertThat(readAll(session.open(request("pcm_16000"))), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));

        assertThat(fake.events().all(), hasItem("dropped:context ctx-2"));
        assertThat(fake.events().all(), hasItem("request:ctx-3:pcm_16000:eleven_flash_v2_5"));
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void wordTimingsFromTheStartOfTheRequest() throws Exception {
        SynthesisRequest request = request("Hello brave new world again", null, null, "pcm_16000", true);

        WordAlignment words = flatten(readAlignments(session.open(request)));

        assertThat(words.words(), contains("Hello", "brave", "new", "world", "again"));
        // The fake spreads the 28 characters (a trailing space added) over five 100 ms chunks:
        // "Hello" opens chunk 0, "again" opens chunk 4.
        assertThat(words.startMs().get(0), is(0L));
        assertThat(words.startMs().get(4), is(400L));
        for (int i = 1; i < words.words().size(); i++) {
            assertThat(words.startMs().get(i), greaterThanOrEqualTo(words.endMs().get(i - 1)));
        }
        assertThat(words.endMs(), everyItem(lessThanOrEqualTo((long) CHUNKS * CHUNK_MILLIS)));
    }

    @Test
    void acceptsTheAsyncApiSpellings() throws Exception {
        fake.asyncApiSpelling(true);
        SynthesisRequest request = request("Hello brave new world again", null, null, "pcm_16000", true);

        WordAlignment words = flatten(readAlignments(session.open(request)));

        assertThat(words.words(), contains("Hello", "brave", "new", "world", "again"));
        assertThat(words.startMs().get(4), is(400L));
    }

    @Test
    void normalizesDottedModelIds() throws Exception {
        readAll(session.open(request("Hi there.", null, "eleven_turbo_v2.5", "pcm_16000", false)));

        assertThat(fake.events().await("request:", WAIT), is("request:ctx-1:pcm_16000:eleven_turbo_v2_5"));
    }

    @Test
    void modelsWithoutWebSocketGoOverHttp() throws Exception {
        byte[] audio = readAll(session.open(request("Hi there.", null, "eleven_v3", "pcm_22050", false)));

        assertThat(audio, is(FakeAudio.pcmStream(22050, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().await("request:", WAIT), is("request:http-1:pcm_22050:eleven_v3"));
        assertThat(fake.events().all(), not(hasItem(startsWith("rejected:"))));
    }

    @Test
    void aRefusedUpgradeFallsBackToHttpAndItsAnswer() throws Exception {
        AudioStream stream = session.open(request("Hi there.", null, "eleven_unknown_v9", "pcm_16000", false));

        assertThat(failureOf(stream).kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().all(), hasItem("rejected:model"));
        assertThat(fake.events().count("rejected:"), is(2));
    }

    @Test
    void unknownVoiceIsAnInvalidRequest() throws Exception {
        AudioStream stream = session.open(request("Hi there.", FakeElevenLabs.UNKNOWN_VOICE, null, "pcm_16000",
                                                  false));

        ProviderException error = failureOf(stream);

        assertThat(error.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(error.getMessage(), containsString("voice_not_found"));
    }

    @Test
    void malformedRequestsNeverLeaveTheGateway() {
        ProviderException badVoice = assertThrows(ProviderException.class,
                                                  () -> session.open(request("Hi.", "../admin", null, "pcm_16000",
                                                                             false)));
        ProviderException tooLong = assertThrows(ProviderException.class,
                                                 () -> session.open(request("a".repeat(40_001), null, null,
                                                                            "pcm_16000", false)));
        ProviderException badSetting = assertThrows(ProviderException.class, () -> session.open(
                new SynthesisRequest("Hi.", null, null, AudioFormat.pcm(16000), Map.of("stability", "2"))));

        assertThat(badVoice.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(tooLong.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(badSetting.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().all(), is(List.of()));
    }

    @Test
    void aWrongKeyIsAnAuthFailure() throws Exception {
        String wrongKey = "sk_0000000000000000000000000000000000000000000000bad";
        ElevenLabsProvider wrong = new ElevenLabsProvider(settings(fake, wrongKey, RELAXED));
        try (ProviderSession wrongSession = wrong.openSession()) {
            ProviderException error = failureOf(wrongSession.open(request("pcm_16000")));

            assertThat(error.kind(), is(ProviderErrorKind.AUTH_FAILED));
            assertThat(error.getMessage(), not(containsString(wrongKey)));
            assertThat(fake.events().all(), hasItem("rejected:auth"));
        } finally {
            wrong.close();
        }
    }

    @Test
    void closingTheSessionFailsItsOpenStreams() throws Exception {
        fake.behavior().failNext(FakeBehavior.Failure.STALL_BEFORE_AUDIO);
        AudioStream stream = session.open(request("pcm_16000"));
        fake.events().await("stalled:", WAIT);

        session.close();

        assertThat(failureOf(stream).kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThrows(ProviderException.class, () -> session.open(request("pcm_16000")));
    }

    @Test
    void voiceSettingsTravelWithEveryContext() throws Exception {
        SynthesisRequest request = new SynthesisRequest("Hi there.", null, null, AudioFormat.pcm(16000),
                                                        Map.of("stability", "0.3", "speed", "1.1"));
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        audio.writeBytes(readAll(session.open(request)));
        audio.writeBytes(readAll(session.open(request("pcm_16000"))));

        assertThat(audio.size(), is(2 * FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS).length));
        assertThat(fake.events().count("error:"), is(0));
    }
}
