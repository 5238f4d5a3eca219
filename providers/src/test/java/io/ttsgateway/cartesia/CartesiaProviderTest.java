package io.ttsgateway.cartesia;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.G711;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.WordAlignment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CartesiaProviderTest {

    private static final String KEY = "sk_car_TEST-s3cret-Key-0123456789";
    private static final String WRONG_KEY = "sk_car_WRONG-k3y-9876543210";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                                                                           Duration.ofSeconds(5));
    private static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300),
                                                                       Duration.ofMillis(300));
    private static final AudioFormat PCM_24K = AudioFormat.pcm(24000);
    private static final String TEXT = "Hello there, how can I help you today?";

    private FakeCartesia fake;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startFake() {
        fake = FakeCartesia.start(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        fake.close();
    }

    @Test
    void streamsTheWholeToneInOrder() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(stream.format(), is(PCM_24K));
            assertThat(readAll(stream).audio(), is(FakeAudio.pcmStream(24000, fake.behavior().chunks(),
                                                                       fake.behavior().chunkMillis())));
        }
        String request = fake.events().await("request:", WAIT);
        // No language asked for: none is sent, so the voice speaks its own.
        assertThat(request, containsString(" pcm_s16le_24000 model=" + CartesiaSettings.DEFAULT_MODEL + " voice="
                + CartesiaSettings.DEFAULT_VOICE + " language=- timestamps=false"));
    }

    @Test
    void firstAudioIsReadableBeforeTheRestIsGenerated() throws Exception {
        // Ten chunks a second apart: reading the first must not wait for the others.
        fake.behavior().chunks(10).chunkInterval(Duration.ofSeconds(1));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            byte[] first = stream.read();
            assertThat(first, is(FakeAudio.pcm(24000, 0, FakeAudio.samplesPerChunk(24000, 100))));
            assertThat(fake.events().count("done:"), is(0));
        }
        fake.events().await("cancel:", WAIT);
    }

    static Stream<String> formats() {
        return Stream.of("pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_44100", "pcm_48000", "ulaw_8000",
                         "alaw_8000");
    }

    @ParameterizedTest
    @MethodSource("formats")
    void asksCartesiaForTheRequestedFormatNatively(String name) throws Exception {
        AudioFormat format = AudioFormat.parse(name);
        int chunks = fake.behavior().chunks();
        int perChunk = FakeAudio.samplesPerChunk(format.sampleRate(), fake.behavior().chunkMillis());
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        byte[] audio;
        try (AudioStream stream = session.open(request(format))) {
            assertThat(stream.format(), is(format));
            audio = readAll(stream).audio();
        }
        String encoding = switch (format.encoding()) {
            case ULAW -> "pcm_mulaw";
            case ALAW -> "pcm_alaw";
            default -> "pcm_s16le";
        };
        assertThat(fake.events().await("request:", WAIT),
                   containsString(" " + encoding + "_" + format.sampleRate() + " "));
        switch (format.encoding()) {
            case ULAW -> assertThat(audio, is(FakeAudio.muLaw(8000, 0, chunks * perChunk)));
            case ALAW -> {
                byte[] pcm = FakeAudio.pcm(8000, 0, chunks * perChunk);
                assertThat(audio.length, is(chunks * perChunk));
                for (int i = 0; i < audio.length; i++) {
                    short expected = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
                    assertThat("sample " + i, (double) G711.fromALaw(audio[i]),
                               org.hamcrest.Matchers.closeTo(expected, 600));
                }
            }
            default -> assertThat(audio, is(FakeAudio.pcmStream(format.sampleRate(), chunks,
                                                                fake.behavior().chunkMillis())));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-10", "2024-11-13", "2025-04-16", "2026-03-01"})
    void authenticatesWithTheHeaderOfItsVersion(String version) throws Exception {
        ProviderSession session = session(provider(version, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            readAll(stream);
        }
        String form = version.compareTo("2025-04-16") >= 0 ? "bearer" : "x-api-key";
        assertThat(fake.events().await("auth:", WAIT), is("auth:" + form + " " + version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-13", "2025-04-16"})
    void aRefusedKeyIsAuthFailedWithoutTheKeyInTheMessage(String version) throws Exception {
        CartesiaProvider provider = provider(new CartesiaSettings(WRONG_KEY, URI.create(fake.baseUrl()), null, null,
                                                                  version, TIMEOUTS));
        ProviderSession session = session(provider);
        ProviderException e = assertThrows(ProviderException.class, () -> session.open(request(PCM_24K)));
        assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
        assertThat(e.providerStatus(), is(401));
        assertKeyAbsent(e, WRONG_KEY);
        assertThat(fake.events().await("rejected:", WAIT), startsWith("rejected:auth-invalid"));
    }

    static Stream<Arguments> failures() {
        List<Arguments> cases = new ArrayList<>();
        for (String version : List.of("2024-06-10", "2025-04-16", "2026-03-01")) {
            cases.add(Arguments.of(version, Failure.UNAUTHORIZED, ProviderErrorKind.AUTH_FAILED));
            cases.add(Arguments.of(version, Failure.RATE_LIMITED, ProviderErrorKind.RATE_LIMITED));
            cases.add(Arguments.of(version, Failure.SERVER_ERROR, ProviderErrorKind.UNAVAILABLE));
        }
        cases.add(Arguments.of(CartesiaSettings.DEFAULT_VERSION, Failure.DROP_MID_STREAM,
                               ProviderErrorKind.UNAVAILABLE));
        cases.add(Arguments.of(CartesiaSettings.DEFAULT_VERSION, Failure.STALL_BEFORE_AUDIO,
                               ProviderErrorKind.TIMEOUT));
        cases.add(Arguments.of(CartesiaSettings.DEFAULT_VERSION, Failure.STALL_MID_STREAM, ProviderErrorKind.TIMEOUT));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("failures")
    void aFailureEndsItsRequestAndTheSessionServesTheNext(String version, Failure failure, ProviderErrorKind kind)
            throws Exception {
        // Short timeouts only where the failure is a timeout: elsewhere they would only add flakiness.
        ProviderSession session = session(provider(version, kind == ProviderErrorKind.TIMEOUT ? SHORT : TIMEOUTS));
        fake.behavior().failNext(failure);
        ProviderException e;
        try (AudioStream stream = session.open(request(PCM_24K))) {
            e = assertThrows(ProviderException.class, () -> readAll(stream));
        }
        assertThat(e.kind(), is(kind));
        assertKeyAbsent(e, KEY);
        String context = contextOf(fake.events().await("failure:", WAIT));
        if (kind == ProviderErrorKind.TIMEOUT) {
            // The gateway gave up: Cartesia must be told to stop generating.
            fake.events().await("cancel:" + context, WAIT);
        }
        fake.events().clear();
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(readAll(stream).audio().length, is(expectedBytes(24000)));
        }
        // A dropped socket is replaced, and so is one a request timed out on (it may be dead without
        // a sign); after an error message the same socket serves on.
        int sockets = failure == Failure.DROP_MID_STREAM || kind == ProviderErrorKind.TIMEOUT ? 1 : 0;
        assertThat(fake.events().count("connect"), is(sockets));
    }

    @Test
    void aTimeoutRetiresTheSocketWithoutCuttingTheRequestStillOnIt() throws Exception {
        fake.behavior().chunks(20).chunkInterval(Duration.ofMillis(20));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION,
                                                   new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500),
                                                                        Duration.ofSeconds(5))));
        try (AudioStream playing = session.open(request(PCM_24K))) {
            assertThat(playing.read(), not(nullValue()));
            fake.behavior().failNext(Failure.STALL_BEFORE_AUDIO);
            try (AudioStream stalled = session.open(request(PCM_24K))) {
                ProviderException e = assertThrows(ProviderException.class, () -> readAll(stalled));
                assertThat(e.kind(), is(ProviderErrorKind.TIMEOUT));
            }
            try (AudioStream next = session.open(request(PCM_24K))) {
                assertThat(readAll(next).audio().length, is(expectedBytes(24000)));
            }
            assertThat(fake.events().count("connect"), is(2));
            // The first request still streams on the retired socket, to its end.
            assertThat(readAll(playing).audio().length, is(expectedBytes(24000) - 4800));
        }
        fake.events().await("closed:", WAIT); // the retired socket, once drained
        assertThat(fake.openConnections(), is(1));
    }

    @Test
    void cartesiasOwnConcurrencyLimitIsRateLimited() throws Exception {
        fake.concurrencyLimit(1).behavior().chunks(50).chunkInterval(Duration.ofMillis(50));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream first = session.open(request(PCM_24K));
                AudioStream second = session.open(request(PCM_24K))) {
            assertThat(first.read(), not(nullValue()));
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(second));
            assertThat(e.kind(), is(ProviderErrorKind.RATE_LIMITED));
            assertThat(e.providerStatus(), is(429));
        }
    }

    @Test
    void closingAStreamFromAnotherThreadCancelsItAtCartesia() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(50));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        AudioStream stream = session.open(request(PCM_24K));
        CountDownLatch firstRead = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stream.read();
                firstRead.countDown();
                byte[] chunk;
                do {
                    chunk = stream.read();
                } while (chunk != null);
                outcome.set("end");
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        assertThat(firstRead.await(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
        stream.close();
        reader.join(WAIT);
        assertThat(reader.isAlive(), is(false));
        assertThat(outcome.get(), is("end"));
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("cancel:" + context, WAIT);
        fake.events().await("stopped:" + context, WAIT);
        assertThat(fake.events().count("done:" + context), is(0));

        try (AudioStream next = session.open(request(PCM_24K))) {
            assertThat(readAll(next).audio().length, is(expectedBytes(24000)));
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void aRequestCancelledByInterruptStillCancelsAtCartesia() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(50));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        CountDownLatch firstRead = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (AudioStream stream = session.open(request(PCM_24K))) {
                stream.read();
                firstRead.countDown();
                while (stream.read() != null) {
                    // keep reading until interrupted
                }
                outcome.set("end");
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        assertThat(firstRead.await(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
        reader.interrupt();
        reader.join(WAIT);
        assertThat(outcome.get() instanceof InterruptedException, is(true));
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("cancel:" + context, WAIT);
    }

    @Test
    void twoRequestsInARowShareOneSocket() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        for (int i = 0; i < 2; i++) {
            try (AudioStream stream = session.open(request(PCM_24K))) {
                assertThat(readAll(stream).audio(), is(FakeAudio.pcmStream(24000, 5, 100)));
            }
        }
        assertThat(fake.events().count("request:"), is(2));
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void twoConcurrentRequestsAreMultiplexedOnOneSocket() throws Exception {
        fake.behavior().chunks(20).chunkInterval(Duration.ofMillis(10));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int rate : new int[] {16000, 24000}) {
                results.add(threads.submit(() -> {
                    go.await();
                    try (AudioStream stream = session.open(request(AudioFormat.pcm(rate)))) {
                        return readAll(stream).audio();
                    }
                }));
            }
            go.countDown();
            assertThat(results.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS), is(FakeAudio.pcmStream(16000, 20, 100)));
            assertThat(results.get(1).get(WAIT.toSeconds(), TimeUnit.SECONDS), is(FakeAudio.pcmStream(24000, 20, 100)));
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void reconnectsAfterCartesiaClosedTheIdleSocket() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            readAll(stream);
        }
        fake.idleTimeout(Duration.ofMillis(200));
        fake.events().await("idle-close", WAIT);
        fake.idleTimeout(FakeCartesia.IDLE_TIMEOUT);
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(readAll(stream).audio().length, is(expectedBytes(24000)));
        }
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void reconnectsAfterTheIdleSocketWasDropped() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            readAll(stream);
        }
        fake.dropConnections();
        fake.events().await("dropped", WAIT);
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(readAll(stream).audio().length, is(expectedBytes(24000)));
        }
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void aRequestCrossingTheIdleCloseIsSentOnceMoreOnAFreshSocket() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            readAll(stream);
        }
        fake.closeOnNextRequest();
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(readAll(stream).audio(), is(FakeAudio.pcmStream(24000, 5, 100)));
        }
        fake.events().await("closed-on-request:", WAIT);
        assertThat(fake.events().count("connect"), is(2));
        assertThat(fake.events().count("request:"), is(2)); // the crossed one was never taken
    }

    @Test
    void aFreshSocketDyingBeforeAnswerIsNotRetried() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        fake.closeOnNextRequest();
        try (AudioStream stream = session.open(request(PCM_24K))) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));
            assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void wordTimestampsBecomeAlignmentsInMilliseconds() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        Result result;
        try (AudioStream stream = session.open(new SynthesisRequest("one two three four five six", null, null,
                                                                    PCM_24K, Map.of(), true))) {
            result = readAll(stream);
        }
        assertThat(fake.events().await("request:", WAIT), containsString("timestamps=true"));
        List<String> words = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (WordAlignment alignment : result.alignments()) {
            words.addAll(alignment.words());
            starts.addAll(alignment.startMs());
            ends.addAll(alignment.endMs());
        }
        assertThat(words, is(List.of("one", "two", "three", "four", "five", "six")));
        long total = 5 * 100;
        assertThat(starts.getFirst(), is(0L));
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i), greaterThanOrEqualTo(ends.get(i - 1) - 1));
        }
        assertThat(ends.getLast(), is(total));
        assertThat(ends, everyItem(lessThanOrEqualTo(total)));
    }

    @Test
    void noAlignmentsWithoutTimestamps() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(readAll(stream).alignments(), is(empty()));
        }
    }

    @Test
    void settingsReachCartesia() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        String voice = "694f9389-aac1-45b6-b726-9d9369183238";
        try (AudioStream stream = session.open(new SynthesisRequest(TEXT, voice, "sonic-3", PCM_24K,
                                                                    Map.of("language", "fr", "speed", "1.2",
                                                                           "volume", "0.8")))) {
            readAll(stream);
        }
        assertThat(fake.events().await("request:", WAIT), containsString(" model=sonic-3 voice=" + voice
                + " language=fr "));
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(fake.requests().getFirst());
        assertThat(json.path("generation_config").path("speed").asDouble(), is(1.2));
        assertThat(json.path("generation_config").path("volume").asDouble(), is(0.8));
        assertThat(json.path("continue").asBoolean(true), is(false));
        assertThat(json.path("voice").path("mode").asText(), is("id"));
        assertThat(json.path("output_format").path("container").asText(), is("raw"));
    }

    @Test
    void aRejectedRequestIsInvalidAndTheSocketServesOn() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(new SynthesisRequest(TEXT, null, "sonic-unknown", PCM_24K,
                                                                    Map.of()))) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));
            assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(e.providerStatus(), is(400));
        }
        fake.events().await("rejected:model", WAIT);
        try (AudioStream stream = session.open(new SynthesisRequest(TEXT, "not-a-voice", null, PCM_24K, Map.of()))) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));
            assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        }
        fake.events().await("rejected:voice", WAIT);
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(readAll(stream).audio().length, is(expectedBytes(24000)));
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void requestsCartesiaCannotTakeFailBeforeConnecting() throws Exception {
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        ProviderException tooLong = assertThrows(ProviderException.class, () -> session.open(new SynthesisRequest(
                "a".repeat(CartesiaProvider.MAX_TEXT_LENGTH + 1), null, null, PCM_24K, Map.of())));
        assertThat(tooLong.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        ProviderException wav = assertThrows(ProviderException.class,
                                             () -> session.open(request(AudioFormat.parse("wav_24000"))));
        assertThat(wav.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        ProviderException speed = assertThrows(ProviderException.class, () -> session.open(new SynthesisRequest(
                TEXT, null, null, PCM_24K, Map.of("volume", "loud"))));
        assertThat(speed.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void anUnreachableCartesiaIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CartesiaProvider provider = provider(new CartesiaSettings(KEY, URI.create("http://127.0.0.1:" + port), null,
                                                                  null, null, TIMEOUTS));
        ProviderException e = assertThrows(ProviderException.class, () -> session(provider).open(request(PCM_24K)));
        assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
    }

    @Test
    void closingTheSessionEndsABlockedReadAndClosesTheSocket() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(50));
        ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
        try (AudioStream stream = session.open(request(PCM_24K))) {
            assertThat(stream.read(), not(nullValue()));
            session.close();
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));
            assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
        }
        fake.events().await("closed:", WAIT);
        ProviderException e = assertThrows(ProviderException.class, () -> session.open(request(PCM_24K)));
        assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
    }

    @Test
    void openWithoutASessionUsesASocketOfItsOwn() throws Exception {
        CartesiaProvider provider = provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS);
        try (AudioStream stream = provider.open(request(PCM_24K))) {
            assertThat(readAll(stream).audio(), is(FakeAudio.pcmStream(24000, 5, 100)));
        }
        fake.events().await("closed:1000", WAIT);
        assertThat(provider.isReady(), is(true));
        provider.close();
        assertThat(provider.isReady(), is(false));
    }

    @Test
    void declaresWhatItCanDo() {
        CartesiaProvider provider = provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS);
        assertThat(provider.name(), is(CartesiaProvider.NAME));
        assertThat(provider.capabilities().wordTimestamps(), is(true));
        assertThat(provider.capabilities().maxTextLength(), is(CartesiaProvider.MAX_TEXT_LENGTH));
        formats().forEach(name -> assertThat(name, provider.capabilities().producesNatively(AudioFormat.parse(name)),
                                             is(true)));
        assertThat(provider.defaultVoice(), is(CartesiaSettings.DEFAULT_VOICE));
        assertThat(provider.defaultModel(), is(CartesiaSettings.DEFAULT_MODEL));
        assertThat(new CartesiaSettings(KEY, null, null, null, null, null).toString(), not(containsString(KEY)));
    }

    @Test
    void theKeyIsInNoLogLine() throws Exception {
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try {
            ProviderSession session = session(provider(CartesiaSettings.DEFAULT_VERSION, TIMEOUTS));
            fake.behavior().failNext(Failure.UNAUTHORIZED); // Cartesia's message echoes the key
            try (AudioStream stream = session.open(request(PCM_24K))) {
                assertThrows(ProviderException.class, () -> readAll(stream));
            }
            fake.behavior().failNext(Failure.DROP_MID_STREAM);
            try (AudioStream stream = session.open(request(PCM_24K))) {
                assertThrows(ProviderException.class, () -> readAll(stream));
            }
            try (AudioStream stream = session.open(request(PCM_24K))) {
                readAll(stream);
            }
            ProviderSession refused = session(provider(new CartesiaSettings(WRONG_KEY, URI.create(fake.baseUrl()),
                                                                            null, null, "2024-06-10", TIMEOUTS)));
            assertThrows(ProviderException.class, () -> refused.open(request(PCM_24K)));
        } finally {
            root.setLevel(previous);
            root.removeHandler(capture);
        }
        assertThat(records.isEmpty(), is(false));
        for (LogRecord record : records) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("io.helidon")) {
                continue; // the fake server's side, which legitimately sees the key
            }
            String line = new java.util.logging.SimpleFormatter().format(record);
            assertThat(record.getLoggerName(), line, not(containsString(KEY)));
            assertThat(record.getLoggerName(), line, not(containsString(WRONG_KEY)));
        }
    }

    private CartesiaProvider provider(String version, ProviderTimeouts timeouts) {
        return provider(new CartesiaSettings(KEY, URI.create(fake.baseUrl()), null, null, version, timeouts));
    }

    private CartesiaProvider provider(CartesiaSettings settings) {
        CartesiaProvider provider = new CartesiaProvider(settings);
        toClose.add(provider);
        return provider;
    }

    private ProviderSession session(CartesiaProvider provider) {
        ProviderSession session = provider.openSession();
        toClose.add(session);
        return session;
    }

    private static SynthesisRequest request(AudioFormat format) {
        return new SynthesisRequest(TEXT, null, null, format, Map.of());
    }

    private int expectedBytes(int rate) {
        return fake.behavior().chunks() * FakeAudio.samplesPerChunk(rate, fake.behavior().chunkMillis()) * 2;
    }

    private static String contextOf(String event) {
        String rest = event.substring(event.indexOf(':') + 1);
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static void assertKeyAbsent(Throwable e, String key) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()), not(containsString(key)));
            assertThat(t.toString(), not(containsString(key)));
        }
    }

    private static Result readAll(AudioStream stream) throws ProviderException, InterruptedException {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        List<WordAlignment> alignments = new ArrayList<>();
        byte[] chunk;
        while ((chunk = stream.read()) != null) {
            audio.writeBytes(chunk);
            drain(stream, alignments);
        }
        drain(stream, alignments);
        return new Result(audio.toByteArray(), alignments);
    }

    private static void drain(AudioStream stream, List<WordAlignment> into) {
        WordAlignment alignment;
        while ((alignment = stream.nextAlignment()) != null) {
            into.add(alignment);
        }
    }

    private record Result(byte[] audio, List<WordAlignment> alignments) {
    }
}
