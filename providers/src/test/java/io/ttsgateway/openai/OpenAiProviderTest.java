package io.ttsgateway.openai;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeOpenAi;
import io.ttsgateway.fakes.FakeOpenAiError;
import io.ttsgateway.fakes.FakeOpenAiSpeechRequest;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The OpenAI client against {@link FakeOpenAi} on a real local socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenAiProviderTest {

    private static final String KEY = "sk-test-Zq7SECRETkeyXw93";
    /** What OpenAI echoes of that key in its 401 message; must not travel either. */
    private static final String KEY_ECHO = "Xw93";
    private static final String TEXT = "The quick brown fox jumped over the lazy dog.";
    /** Upper bound for waits on the fake; never reached when things work. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300),
                                                                       Duration.ofMillis(300));
    private static final int CHUNKS = FakeBehavior.DEFAULT_CHUNKS;
    private static final int CHUNK_MILLIS = 100;

    private FakeOpenAi fake;
    private OpenAiProvider provider;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start(KEY);
        fake.behavior().chunks(CHUNKS).chunkMillis(CHUNK_MILLIS);
        provider = provider(KEY, ProviderTimeouts.DEFAULT);
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
        threads.shutdownNow();
    }

    private OpenAiProvider provider(String key, ProviderTimeouts timeouts) {
        return new OpenAiProvider(new OpenAiSettings(key, URI.create(fake.baseUrl()), "tts-1", "alloy", timeouts));
    }

    private static SynthesisRequest request(AudioFormat format) {
        return new SynthesisRequest(TEXT, null, null, format, Map.of());
    }

    static byte[] readAll(AudioStream stream) throws Exception {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk;
            while ((chunk = stream.read()) != null) {
                out.write(chunk);
            }
            return out.toByteArray();
        }
    }

    private static ProviderException failure(AudioStream stream) {
        return assertThrows(ProviderException.class, () -> readAll(stream));
    }

    private static byte[] expectedAudio() {
        return FakeAudio.pcmStream(FakeOpenAi.SAMPLE_RATE, CHUNKS, CHUNK_MILLIS);
    }

    private static void assertSafe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertThat(message, not(containsString(KEY)));
            assertThat(message, not(containsString(KEY_ECHO)));
            assertThat(message, not(containsString("Incorrect API key")));
        }
    }

    @Test
    void declaresWhatOpenAiCanDo() {
        assertThat(provider.name(), is("openai"));
        assertThat(provider.capabilities().nativeFormats(), is(java.util.Set.of(AudioFormat.pcm(24_000))));
        assertThat(provider.capabilities().wordTimestamps(), is(false));
        assertThat(provider.capabilities().inputStreaming(), is(false));
        assertThat(provider.capabilities().maxTextLength(), is(4096));
        assertThat(provider.defaultModel(), is("tts-1"));
        assertThat(provider.defaultVoice(), is("alloy"));
        assertThat(provider.isReady(), is(true));
    }

    @Test
    void streamsNativePcmCompleteAndInOrder() throws Exception {
        AudioStream stream = provider.open(request(AudioFormat.pcm(24_000)));

        assertThat(stream.format(), is(AudioFormat.pcm(24_000)));
        assertArrayEquals(expectedAudio(), readAll(stream));
        FakeOpenAiSpeechRequest sent = fake.requests().get(0);
        assertThat(sent.model(), is("tts-1"));
        assertThat(sent.voice(), is("alloy"));
        assertThat(sent.input(), is(TEXT));
        assertThat(sent.responseFormat(), is("pcm"));
        assertThat(sent.streamFormat(), is("audio"));
        assertThat(sent.instructions(), nullValue());
        fake.events().await("done:", WAIT);
    }

    @ParameterizedTest
    @CsvSource({"1.25, 1.25", "0.25, 0.25", "4.0, 4.0", "0.1, 0.25", "9, 4.0"})
    void speedReachesOpenAiWithinItsRange(String asked, double sent) throws Exception {
        readAll(provider.open(new SynthesisRequest(TEXT, null, null, AudioFormat.pcm(24_000),
                                                   Map.of(SynthesisRequest.SPEED, asked))));
        assertThat(fake.requests().getFirst().speed(), is(sent));
    }

    @Test
    void languageIsNotSentForOpenAiHasNoSuchParameter() throws Exception {
        readAll(provider.open(new SynthesisRequest(TEXT, null, null, AudioFormat.pcm(24_000),
                                                   Map.of(SynthesisRequest.LANGUAGE, "pt-BR"))));
        // The fake refuses unknown body fields as OpenAI does; the request was answered.
        assertThat(fake.requests().size(), is(1));
        assertThat("no speed asked, none sent", fake.requests().getFirst().speed(), is(1.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcm_8000", "pcm_16000", "pcm_22050", "pcm_44100", "pcm_48000", "ulaw_8000"})
    void convertsToTheFormatAskedFor(String name) throws Exception {
        AudioFormat format = AudioFormat.parse(name);
        AudioStream stream = provider.open(request(format));

        assertThat(stream.format(), is(format));
        byte[] audio = readAll(stream);
        double expected = format.bytesPerSecond() * (CHUNKS * CHUNK_MILLIS / 1000.0);
        assertThat((double) audio.length, closeTo(expected, expected * 0.02));
        // OpenAI has one output: the conversion is ours, the request always asks for pcm.
        assertThat(fake.requests().get(0).responseFormat(), is("pcm"));
    }

    @Test
    void firstAudioIsReadableWhileTheResponseIsStillStreaming() throws Exception {
        // The rest of the response would take an hour: only streaming can hand out the first chunk.
        fake.behavior().chunkInterval(Duration.ofHours(1));
        try (AudioStream stream = provider.open(request(AudioFormat.pcm(24_000)))) {
            byte[] first = stream.read();
            assertThat(first, notNullValue());
            assertThat(first.length, greaterThan(0));
            assertArrayEquals(java.util.Arrays.copyOf(expectedAudio(), first.length), first);
        }
        fake.events().await("cancel:", WAIT);
    }

    @Test
    void passesSpeedInstructionsAndCustomVoices() throws Exception {
        readAll(provider.open(new SynthesisRequest(TEXT, "voice_1234", "gpt-4o-mini-tts", AudioFormat.pcm(24_000),
                                                   Map.of("speed", "1.5", "instructions", "Speak calmly."))));
        // tts-1 refuses instructions: they are left out rather than failing the request.
        readAll(provider.open(new SynthesisRequest(TEXT, "nova", "tts-1-hd", AudioFormat.pcm(24_000),
                                                   Map.of("instructions", "Speak calmly."))));

        FakeOpenAiSpeechRequest custom = fake.requests().get(0);
        assertThat(custom.voice(), is("voice_1234"));
        assertThat(custom.model(), is("gpt-4o-mini-tts"));
        assertThat(custom.speed(), is(1.5));
        assertThat(custom.instructions(), is("Speak calmly."));
        FakeOpenAiSpeechRequest legacy = fake.requests().get(1);
        assertThat(legacy.voice(), is("nova"));
        assertThat(legacy.instructions(), nullValue());
    }

    @ParameterizedTest
    @EnumSource(value = FakeBehavior.Failure.class, names = {"UNAUTHORIZED", "RATE_LIMITED", "SERVER_ERROR",
            "DROP_MID_STREAM"})
    void failsWithTheRightKindThenTheSessionStillWorks(FakeBehavior.Failure scripted) throws Exception {
        ProviderSession session = provider.openSession();
        fake.behavior().failNext(scripted);

        ProviderException error = failure(session.open(request(AudioFormat.pcm(16_000))));

        ProviderErrorKind expected = switch (scripted) {
            case UNAUTHORIZED -> ProviderErrorKind.AUTH_FAILED;
            case RATE_LIMITED -> ProviderErrorKind.RATE_LIMITED;
            default -> ProviderErrorKind.UNAVAILABLE;
        };
        assertThat(error.kind(), is(expected));
        int status = switch (scripted) {
            case UNAUTHORIZED -> 401;
            case RATE_LIMITED -> 429;
            case SERVER_ERROR -> 500;
            default -> ProviderException.NO_STATUS;
        };
        assertThat(error.providerStatus(), is(status));
        assertSafe(error);
        // Audio had been delivered before the drop: the request is not sent again.
        assertThat(fake.events().count("request:"), is(1));

        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        session.close();
    }

    @ParameterizedTest
    @EnumSource(value = FakeBehavior.Failure.class, names = {"STALL_BEFORE_AUDIO", "STALL_MID_STREAM"})
    void stallsTimeOutAndAreStoppedThenTheSessionStillWorks(FakeBehavior.Failure scripted) throws Exception {
        provider.close();
        provider = provider(KEY, SHORT);
        ProviderSession session = provider.openSession();
        fake.behavior().failNext(scripted);

        ProviderException error = failure(session.open(request(AudioFormat.pcm(24_000))));

        assertThat(error.kind(), is(ProviderErrorKind.TIMEOUT));
        // Closing the timed-out stream hung up on the fake, which stops generating.
        fake.events().await("cancel:", WAIT);
        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        session.close();
    }

    @Test
    void quotaExhaustionIsAnAuthFailureNotARateLimit() throws Exception {
        fake.failNextWith(FakeOpenAiError.insufficientQuota());

        ProviderException error = failure(provider.open(request(AudioFormat.pcm(24_000))));

        assertThat(error.kind(), is(ProviderErrorKind.AUTH_FAILED));
        assertThat(error.providerStatus(), is(429));
        assertThat(error.getMessage(), containsString("insufficient_quota"));
    }

    @Test
    void wrongKeyIsRefusedWithoutLeakingEitherKey() throws Exception {
        String wrong = "sk-wrong-QQ11SECRETother8842";
        try (OpenAiProvider refused = provider(wrong, ProviderTimeouts.DEFAULT)) {
            ProviderException error = failure(refused.open(request(AudioFormat.pcm(24_000))));

            assertThat(error.kind(), is(ProviderErrorKind.AUTH_FAILED));
            assertThat(error.providerStatus(), is(401));
            assertThat(error.getMessage(), containsString("invalid_api_key"));
            assertThat(error.getMessage(), not(containsString(wrong)));
            assertThat(error.getMessage(), not(containsString("8842")));
            assertSafe(error);
        }
        fake.events().await("rejected:auth-invalid", WAIT);
    }

    @Test
    void missingKeyFailsWithoutCallingOpenAi() {
        try (OpenAiProvider keyless = provider(" ", ProviderTimeouts.DEFAULT)) {
            assertThat(keyless.isReady(), is(false));
            assertThat(assertThrows(ProviderException.class, keyless::initialize).kind(),
                       is(ProviderErrorKind.AUTH_FAILED));
            ProviderException error = assertThrows(ProviderException.class,
                                                   () -> keyless.open(request(AudioFormat.pcm(24_000))));
            assertThat(error.kind(), is(ProviderErrorKind.AUTH_FAILED));
        }
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void requestsOpenAiWouldRefuseFailBeforeAnyCall() {
        String tooLong = "a".repeat(4097);
        ProviderException length = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest(tooLong, null, null, AudioFormat.pcm(24_000), Map.of())));
        ProviderException speed = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest(TEXT, null, null, AudioFormat.pcm(24_000), Map.of("speed", "fast"))));
        ProviderException wav = assertThrows(ProviderException.class, () -> provider.open(
                new SynthesisRequest(TEXT, null, null, AudioFormat.parse("wav_24000"), Map.of())));

        assertThat(length.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(length.getMessage(), not(containsString(tooLong)));
        assertThat(speed.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(wav.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void textOfExactlyTheLimitIsSent() throws Exception {
        readAll(provider.open(new SynthesisRequest("é".repeat(4096), null, null, AudioFormat.pcm(24_000), Map.of())));
        assertThat(fake.requests().get(0).input().length(), is(4096));
    }

    @Test
    void unknownVoiceAndModelAreInvalidRequests() throws Exception {
        ProviderException voice = failure(provider.open(
                new SynthesisRequest(TEXT, "robot", null, AudioFormat.pcm(24_000), Map.of())));
        ProviderException model = failure(provider.open(
                new SynthesisRequest(TEXT, null, "tts-9", AudioFormat.pcm(24_000), Map.of())));

        assertThat(voice.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(voice.providerStatus(), is(400));
        assertThat(voice.getMessage(), containsString("invalid_value"));
        assertThat(model.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(model.providerStatus(), is(404));
        fake.events().await("rejected:invalid_value", WAIT);
        fake.events().await("rejected:model_not_found", WAIT);
        // Error responses are read to the end, so even they leave the connection reusable.
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void cancelFromAnotherThreadReachesOpenAiAndUnblocksTheReader() throws Exception {
        fake.behavior().chunkInterval(Duration.ofHours(1));
        ProviderSession session = provider.openSession();
        AudioStream stream = session.open(request(AudioFormat.parse("ulaw_8000")));
        CountDownLatch firstRead = new CountDownLatch(1);
        Future<Integer> reader = threads.submit(() -> {
            assertThat(stream.read(), notNullValue());
            firstRead.countDown();
            int after = 0;
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                after += chunk.length;
            }
            return after;
        });
        assertThat(firstRead.await(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));

        stream.close();

        // A closed stream ends: the blocked read returns instead of waiting an hour. At most the
        // resampler's few buffered samples come out, never the rest of the request's audio.
        assertThat(reader.get(WAIT.toSeconds(), TimeUnit.SECONDS), lessThan(64));
        String cancel = fake.events().await("cancel:", WAIT);
        String id = cancel.substring("cancel:".length());
        assertThat(fake.events().count("done:" + id), is(0));

        fake.behavior().chunkInterval(Duration.ofMillis(5));
        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        session.close();
    }

    @Test
    void consecutiveRequestsOfASessionShareOneConnection() throws Exception {
        ProviderSession session = provider.openSession();

        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        readAll(session.open(request(AudioFormat.pcm(8_000))));

        assertThat(fake.events().count("request:"), is(3));
        assertThat(fake.events().count("connect"), is(1));
        session.close();
    }

    @Test
    void twoRequestsOfASessionMayRunAtOnce() throws Exception {
        fake.behavior().chunkInterval(Duration.ofMillis(20));
        ProviderSession session = provider.openSession();
        CountDownLatch bothOpen = new CountDownLatch(2);
        List<Future<byte[]>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            results.add(threads.submit(() -> {
                AudioStream stream = session.open(request(AudioFormat.pcm(24_000)));
                bothOpen.countDown();
                return readAll(stream);
            }));
        }
        for (Future<byte[]> result : results) {
            assertArrayEquals(expectedAudio(), result.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(fake.events().count("request:"), is(2));
        session.close();
    }

    @Test
    void reconnectsAfterOpenAiClosedTheIdleConnection() throws Exception {
        ProviderSession session = provider.openSession();
        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        fake.events().await("done:", WAIT);

        assertThat(fake.dropIdleConnections(), is(1));

        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));
        assertThat(fake.events().count("connect"), is(2));
        session.close();
    }

    @Test
    void retriesOnceWhenTheReusedConnectionDiesBeforeAnyResponse() throws Exception {
        ProviderSession session = provider.openSession();
        readAll(session.open(request(AudioFormat.pcm(24_000))));
        fake.dropNextRequestBeforeResponse();

        assertArrayEquals(expectedAudio(), readAll(session.open(request(AudioFormat.pcm(24_000)))));

        fake.events().await("drop-before-response:", WAIT);
        assertThat(fake.events().count("request:"), is(2));
        assertThat(fake.events().count("connect"), is(2));
        session.close();
    }

    @Test
    void closingTheSessionFailsItsStreamsAndStopsThemAtOpenAi() throws Exception {
        fake.behavior().chunkInterval(Duration.ofHours(1));
        ProviderSession session = provider.openSession();
        AudioStream stream = session.open(request(AudioFormat.pcm(24_000)));
        assertThat(stream.read(), notNullValue());

        session.close();

        ProviderException error = assertThrows(ProviderException.class, stream::read);
        assertThat(error.kind(), is(ProviderErrorKind.UNAVAILABLE));
        fake.events().await("cancel:", WAIT);
        stream.close();
        assertThrows(ProviderException.class, () -> session.open(request(AudioFormat.pcm(24_000))));
    }

    @Test
    void closingTheProviderFailsItsStreams() throws Exception {
        fake.behavior().chunkInterval(Duration.ofHours(1));
        AudioStream stream = provider.open(request(AudioFormat.pcm(24_000)));
        assertThat(stream.read(), notNullValue());

        provider.close();

        assertThat(assertThrows(ProviderException.class, stream::read).kind(), is(ProviderErrorKind.UNAVAILABLE));
        fake.events().await("cancel:", WAIT);
        assertThat(provider.isReady(), is(false));
        assertThrows(ProviderException.class, () -> provider.open(request(AudioFormat.pcm(24_000))));
    }

    @Test
    void unreachableOpenAiIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (OpenAiProvider nowhere = new OpenAiProvider(new OpenAiSettings(
                KEY, URI.create("http://127.0.0.1:" + port + "/v1"), "tts-1", "alloy", SHORT))) {
            ProviderException error = failure(nowhere.open(request(AudioFormat.pcm(24_000))));
            assertThat(error.kind(), is(ProviderErrorKind.UNAVAILABLE));
            assertSafe(error);
        }
    }

    @Test
    void theKeyNeverReachesTheLogs() throws Exception {
        List<String> lines = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(formatter.format(record) + " " + java.util.Arrays.toString(record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        List<ProviderException> errors = new ArrayList<>();
        try {
            try (OpenAiProvider fresh = provider(KEY, ProviderTimeouts.DEFAULT)) {
                fake.behavior().failNext(FakeBehavior.Failure.UNAUTHORIZED);
                errors.add(failure(fresh.open(request(AudioFormat.pcm(24_000)))));
                fake.behavior().failNext(FakeBehavior.Failure.DROP_MID_STREAM);
                errors.add(failure(fresh.open(request(AudioFormat.pcm(16_000)))));
                assertArrayEquals(expectedAudio(), readAll(fresh.open(request(AudioFormat.pcm(24_000)))));
            }
            try (OpenAiProvider wrong = provider("sk-wrong-" + KEY_ECHO + "x", ProviderTimeouts.DEFAULT)) {
                errors.add(failure(wrong.open(request(AudioFormat.pcm(24_000)))));
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }
        synchronized (lines) {
            // The capture works: the client does log (at FINE) what it did.
            assertThat(lines, not(empty()));
            assertThat(lines.stream().filter(l -> l.contains(KEY) || l.contains(KEY_ECHO)).toList(), is(empty()));
            assertThat(lines.stream().filter(l -> l.contains(TEXT)).toList(), is(empty()));
        }
        errors.forEach(OpenAiProviderTest::assertSafe);
    }

    @Test
    void openReturnsBeforeOpenAiAnswers() throws Exception {
        fake.behavior().firstChunkDelay(Duration.ofHours(1));
        CompletableFuture<AudioStream> opened = CompletableFuture.supplyAsync(() -> {
            try {
                return provider.open(request(AudioFormat.pcm(24_000)));
            } catch (ProviderException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        // open() hands back the stream although the first audio is an hour away.
        try (AudioStream stream = opened.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertThat(stream, notNullValue());
            fake.events().await("request:", WAIT);
        }
        fake.events().await("cancel:", WAIT);
    }
}
