package io.ttsgateway.deepgram;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.audio.G711;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Deepgram client against {@link FakeDeepgram} on real sockets. Waits are on the fake's events
 * or on the streams themselves; the durations are upper bounds only.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeepgramProviderTest {

    private static final String KEY = "dg-test-key-7f3a91c2e5";
    private static final String MODEL = "aura-2-thalia-en";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int CHUNKS = 5;
    private static final int CHUNK_MILLIS = 100;
    /** Loggers of the Helidon server that hosts the fake. */
    private static final String FAKE_SERVER_LOGGERS = "io.helidon.webserver.";
    private static final String TEXT = "Hello there. How can I help you today?";
    /** Short first-byte and stall timeouts, for the stall tests. */
    private static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300),
                                                                       Duration.ofMillis(300));

    private FakeDeepgram fake;
    private final List<DeepgramProvider> providers = new ArrayList<>();

    @BeforeEach
    void startFake() {
        fake = FakeDeepgram.start(KEY);
        fake.behavior().chunks(CHUNKS).chunkMillis(CHUNK_MILLIS).firstChunkDelay(Duration.ofMillis(10))
                .chunkInterval(Duration.ofMillis(2));
    }

    @AfterEach
    void stop() {
        providers.forEach(DeepgramProvider::close);
        fake.close();
    }

    @Test
    void streamsCompleteAudioInOrder() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            byte[] audio = synthesize(session, request("pcm_24000"));

            assertThat(audio, is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().await("connect", WAIT),
                       containsString("model=" + MODEL + " encoding=linear16 sample_rate=24000"));
            assertThat(fake.events().await("request", WAIT), containsString("chars=" + TEXT.length()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 48000})
    void asksForNativePcmRatesAsIs(int rate) throws Exception {
        try (ProviderSession session = provider().openSession()) {
            AudioStream stream = session.open(request("pcm_" + rate));
            assertThat(stream.format(), is(AudioFormat.pcm(rate)));

            assertThat(readAll(stream), is(FakeAudio.pcmStream(rate, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().await("connect", WAIT), containsString("encoding=linear16 sample_rate=" + rate));
        }
    }

    @Test
    void asksForMuLawForUlaw8000() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            byte[] audio = synthesize(session, request("ulaw_8000"));

            assertThat(audio, is(FakeAudio.muLaw(8000, 0, CHUNKS * FakeAudio.samplesPerChunk(8000, CHUNK_MILLIS))));
            assertThat(fake.events().await("connect", WAIT), containsString("encoding=mulaw sample_rate=8000"));
        }
    }

    @Test
    void asksForALawForAlaw8000() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            byte[] audio = synthesize(session, request("alaw_8000"));

            byte[] expected = FakeAudio.pcmStream(8000, CHUNKS, CHUNK_MILLIS);
            assertThat(audio.length, is(expected.length / 2));
            int worst = 0;
            for (int i = 0; i < audio.length; i++) {
                short original = (short) ((expected[2 * i] & 0xFF) | (expected[2 * i + 1] << 8));
                worst = Math.max(worst, Math.abs(G711.fromALaw(audio[i]) - original));
            }
            // A-law's coarsest step is 1024 at full scale, so the error stays under half of it.
            assertThat(worst, lessThanOrEqualTo(512));
            assertThat(fake.events().await("connect", WAIT), containsString("encoding=alaw sample_rate=8000"));
        }
    }

    @ParameterizedTest
    @CsvSource({"22050, 24000", "44100, 48000"})
    void resamplesRatesDeepgramLacks(int wanted, int asked) throws Exception {
        try (ProviderSession session = provider().openSession()) {
            AudioStream stream = session.open(request("pcm_" + wanted));
            assertThat(stream.format(), is(AudioFormat.pcm(wanted)));

            byte[] audio = readAll(stream);

            assertThat(fake.events().await("connect", WAIT), containsString("encoding=linear16 sample_rate=" + asked));
            double expectedBytes = wanted * 2.0 * CHUNKS * CHUNK_MILLIS / 1000;
            assertThat(audio.length % 2, is(0));
            assertThat(Math.abs(audio.length - expectedBytes), lessThan(expectedBytes * 0.02));
        }
    }

    @Test
    void firstAudioIsReadableWhileTheResponseIsStillComing() throws Exception {
        fake.behavior().failNext(Failure.STALL_MID_STREAM);
        try (ProviderSession session = provider().openSession();
             AudioStream stream = session.open(request("pcm_24000"))) {
            // The fake sends one chunk and then nothing: the chunk arrives all the same.
            assertThat(stream.read(), is(FakeAudio.pcm(24000, 0, FakeAudio.samplesPerChunk(24000, CHUNK_MILLIS))));
            assertThat(fake.events().count("flushed"), is(0));
        }
    }

    @ParameterizedTest
    @CsvSource({"UNAUTHORIZED, AUTH_FAILED, 401", "RATE_LIMITED, RATE_LIMITED, 429", "SERVER_ERROR, UNAVAILABLE, 500"})
    void refusedHandshakeFailsThenTheSessionRecovers(Failure failure, ProviderErrorKind kind, int status)
            throws Exception {
        try (ProviderSession session = provider().openSession()) {
            fake.behavior().failNext(failure);

            ProviderException e = failure(session, request("pcm_24000"));

            assertThat(e.kind(), is(kind));
            assertThat(e.providerStatus(), is(status));
            assertThat(e.getMessage(), not(containsString(KEY)));
            fake.events().await("failure:handshake " + status, WAIT);
            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
        }
    }

    @ParameterizedTest
    @CsvSource({"RATE_LIMITED, RATE_LIMITED, DATA-0001", "SERVER_ERROR, UNAVAILABLE, NET-0000"})
    void fatalCloseOnAnOpenSocketFailsTheRequestWithoutRetry(Failure failure, ProviderErrorKind kind, String code)
            throws Exception {
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, request("pcm_24000"));
            fake.behavior().failNext(failure);

            ProviderException e = failure(session, request("pcm_24000"));

            assertThat(e.kind(), is(kind));
            assertThat(e.getMessage(), containsString(code));
            fake.events().await("server-close", WAIT);
            // Deepgram took the request and failed it: it was not sent again.
            assertThat(fake.events().count("request"), is(2));
            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(2));
        }
    }

    @Test
    void dropMidStreamFailsUnavailableThenTheSessionRecovers() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            fake.behavior().failNext(Failure.DROP_MID_STREAM);

            ProviderException e = failure(session, request("pcm_24000"));
            assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
            fake.events().await("dropped", WAIT);
            assertThat(fake.events().count("request"), is(1));
            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STALL_BEFORE_AUDIO", "STALL_MID_STREAM"})
    void stallTimesOutIsClearedAtTheProviderAndTheSocketIsReused(Failure stall) throws Exception {
        try (ProviderSession session = provider(KEY, SHORT).openSession()) {
            fake.behavior().failNext(stall);

            ProviderException e = failure(session, request("pcm_24000"));

            assertThat(e.kind(), is(ProviderErrorKind.TIMEOUT));
            fake.events().await("cancel", WAIT);
            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(1));
        }
    }

    @Test
    void closingTheStreamClearsAtTheProviderAndUnblocksTheReader() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(100));
        try (ProviderSession session = provider().openSession()) {
            AudioStream stream = session.open(request("pcm_24000"));
            assertThat(stream.read(), is(FakeAudio.pcm(24000, 0, FakeAudio.samplesPerChunk(24000, CHUNK_MILLIS))));
            CompletableFuture<byte[]> reader = new CompletableFuture<>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    byte[] chunk;
                    do {
                        chunk = stream.read();
                    } while (chunk != null);
                    reader.complete(null);
                } catch (Throwable t) {
                    reader.completeExceptionally(t);
                }
            });

            stream.close();

            assertThat(reader.get(WAIT.toSeconds(), TimeUnit.SECONDS), is(nullValue()));
            thread.join(WAIT);
            fake.events().await("cancel", WAIT);
            // The socket comes back after Cleared; nothing of the cancelled audio leaks into the next request.
            fake.behavior().chunks(CHUNKS).chunkInterval(Duration.ofMillis(2));
            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(1));
        }
    }

    @Test
    void consecutiveRequestsShareOneSocket() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            for (int i = 0; i < 3; i++) {
                assertThat(synthesize(session, request("pcm_24000")),
                           is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            }

            assertThat(fake.events().count("connect"), is(1));
            assertThat(fake.events().count("request"), is(3));
        }
    }

    @Test
    void requestSynthesizedAheadGetsASecondSocket() throws Exception {
        fake.behavior().chunkInterval(Duration.ofMillis(300));
        try (ProviderSession session = provider().openSession()) {
            AudioStream playing = session.open(request("pcm_24000"));
            AudioStream ahead = session.open(request("pcm_24000"));

            assertThat(readAll(playing), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(readAll(ahead), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            playing.close();
            ahead.close();
            assertThat(fake.events().count("connect"), is(2));

            fake.behavior().chunkInterval(Duration.ofMillis(2));
            synthesize(session, request("pcm_24000"));
            assertThat(fake.events().count("connect"), is(2));
        }
    }

    @Test
    void concurrentOpensFromTwoThreadsBothComplete() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            List<CompletableFuture<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CompletableFuture<byte[]> result = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        result.complete(synthesize(session, request("pcm_16000")));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                });
                results.add(result);
            }
            for (CompletableFuture<byte[]> result : results) {
                assertThat(result.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                           is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
            }
        }
    }

    @Test
    void reconnectsAfterTheProviderDroppedTheIdleSocket() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, request("pcm_24000"));
            fake.dropConnections();
            fake.events().await("dropped", WAIT);

            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(2));
        }
    }

    @Test
    void reconnectsAfterTheProviderClosedTheIdleSocket() throws Exception {
        fake.idleTimeout(Duration.ofMillis(200));
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, request("pcm_24000"));
            assertThat(fake.events().await("server-close", WAIT), containsString("1011 NET-0001"));

            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(2));
        }
    }

    @Test
    void requestOnAReusedSocketFoundDeadIsSentOnceMoreOnANewSocket() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, request("pcm_24000"));
            fake.dropNextRequestOnReusedSocket();

            assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));

            fake.events().await("dropped", WAIT);
            assertThat(fake.events().count("connect"), is(2));
            assertThat(fake.events().count("request"), is(3));
        }
    }

    @Test
    void idleSocketsArePingedAndKeptOpen() throws Exception {
        // Longer than the ping interval: only the pings keep the socket open.
        fake.idleTimeout(DeepgramCodec.KEEP_ALIVE_INTERVAL.plusSeconds(3));
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, request("pcm_24000"));
            fake.events().await("ping", WAIT);
            fake.events().clear();

            synthesize(session, request("pcm_24000"));

            assertThat(fake.events().count("connect"), is(0));
            assertThat(fake.events().count("idle-timeout"), is(0));
        }
    }

    @Test
    void longTextIsSentAsSeveralSpeakMessagesAndOneFlush() throws Exception {
        StringBuilder text = new StringBuilder();
        while (text.length() < 2300) {
            text.append("This is one sentence of a long answer. ");
        }
        String spoken = text.substring(0, 2300);
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, new SynthesisRequest(spoken, null, null, AudioFormat.pcm(24000), Map.of()));

            List<String> speaks = fake.events().all().stream().filter(e -> e.startsWith("speak")).toList();
            assertThat(speaks.size(), is(2));
            List<Integer> sizes = speaks.stream().map(e -> Integer.parseInt(e.substring(e.indexOf("chars=") + 6)))
                    .toList();
            assertThat(sizes, everyItem(lessThanOrEqualTo(FakeDeepgram.MAX_SPEAK_CHARS)));
            assertThat(sizes.get(0) + sizes.get(1), is(2300));
            assertThat(fake.events().count("request"), is(1));
            assertThat(fake.events().await("request", WAIT), containsString("chars=2300"));
        }
    }

    @Test
    void splitsAtSentenceEnds() {
        String sentence = "Short sentence here. ";
        String text = sentence.repeat(200);
        List<String> pieces = SpeakRequest.split(text, 100);
        assertThat(String.join("", pieces), is(text));
        for (String piece : pieces) {
            assertThat(piece.length(), lessThanOrEqualTo(100));
            assertThat(piece.endsWith(". "), is(true));
        }
        String word = "x".repeat(250);
        assertThat(SpeakRequest.split(word, 100), is(List.of("x".repeat(100), "x".repeat(100), "x".repeat(50))));
    }

    @Test
    void refusesWhatDeepgramCannotTakeBeforeConnecting() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            String tooLong = "a".repeat(DeepgramProvider.MAX_TEXT_LENGTH + 1);
            ProviderException text = assertThrows(ProviderException.class, () -> session.open(
                    new SynthesisRequest(tooLong, null, null, AudioFormat.pcm(24000), Map.of())));
            ProviderException wav = assertThrows(ProviderException.class, () -> session.open(
                    new SynthesisRequest(TEXT, null, null, new AudioFormat(AudioEncoding.WAV, 24000), Map.of())));
            ProviderException speed = assertThrows(ProviderException.class, () -> session.open(
                    new SynthesisRequest(TEXT, null, null, AudioFormat.pcm(24000), Map.of("speed", "fast"))));

            assertThat(text.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(wav.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(speed.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(fake.events().all(), is(empty()));
        }
    }

    @Test
    void unknownVoiceIsAnInvalidRequest() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            ProviderException e = failure(session, new SynthesisRequest(TEXT, "nobody", null, AudioFormat.pcm(24000),
                                                                        Map.of()));

            assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(e.providerStatus(), is(400));
            fake.events().await("rejected:model", WAIT);
        }
    }

    @Test
    void voiceAndSpeedChooseTheSocket() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, new SynthesisRequest(TEXT, "aura-2-zeus-en", null, AudioFormat.pcm(24000),
                                                     Map.of("speed", "1.10")));
            synthesize(session, new SynthesisRequest(TEXT, null, "aura-luna-en", AudioFormat.pcm(24000), Map.of()));

            List<String> connects = fake.events().all().stream().filter(e -> e.startsWith("connect")).toList();
            assertThat(connects.get(0), containsString("model=aura-2-zeus-en encoding=linear16 sample_rate=24000 "
                                                               + "speed=1.1"));
            assertThat(connects.get(1), containsString("model=aura-luna-en "));
        }
    }

    @Test
    void aSocketOutOfFlushesIsReplacedBeforeDeepgramWarns() throws Exception {
        fake.behavior().chunks(1).chunkMillis(20);
        try (ProviderSession session = provider().openSession()) {
            for (int i = 0; i <= DeepgramCodec.MAX_FLUSHES; i++) {
                assertThat(synthesize(session, request("pcm_24000")), is(FakeAudio.pcmStream(24000, 1, 20)));
            }

            assertThat(fake.events().count("connect"), is(2));
            assertThat(fake.events().count("request:#1 "), is(DeepgramCodec.MAX_FLUSHES));
            assertThat(fake.events().count("warning"), is(0));
        }
    }

    @Test
    void aRequestTooLongForTheSocketsCharacterBudgetGetsAnotherSocket() throws Exception {
        String sentence = "This is one sentence of a long answer. ";
        String longText = sentence.repeat(1300 / sentence.length() + 1).substring(0, 1300);
        SynthesisRequest longRequest = new SynthesisRequest(longText, null, null, AudioFormat.pcm(24000), Map.of());
        try (ProviderSession session = provider().openSession()) {
            synthesize(session, longRequest);
            synthesize(session, longRequest);
            synthesize(session, request("pcm_24000"));

            assertThat(fake.events().count("connect"), is(2));
            assertThat(fake.events().count("request:#1 "), is(1));
            assertThat(fake.events().count("request:#2 "), is(2));
            // The first socket still has room for short requests: it stayed pooled rather than being closed.
            assertThat(fake.events().count("close:#1"), is(0));
            assertThat(fake.events().count("rejected"), is(0));
        }
    }

    @Test
    void excessiveFlushWarningSendsTheRequestOnceMoreOnAnotherSocket() throws Exception {
        fake.flushLimit(2);
        try (ProviderSession session = provider().openSession()) {
            for (int i = 0; i < 3; i++) {
                assertThat(synthesize(session, request("pcm_24000")),
                           is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
            }

            assertThat(fake.events().await("warning", WAIT), is("warning:#1 EXCESSIVE_FLUSH"));
            assertThat(fake.events().count("connect"), is(2));
            // The refused socket is not pooled: its Deepgram buffer still holds the refused text.
            fake.events().await("cancel:#1", WAIT);
            fake.events().await("close:#1", WAIT);
            synthesize(session, request("pcm_24000"));
            assertThat(fake.events().count("connect"), is(2));
        }
    }

    @Test
    void excessiveFlushOnEverySocketFailsTheRequestAsRateLimited() throws Exception {
        fake.flushLimit(0);
        try (ProviderSession session = provider().openSession()) {
            ProviderException e = failure(session, request("pcm_24000"));

            assertThat(e.kind(), is(ProviderErrorKind.RATE_LIMITED));
            assertThat(e.getMessage(), containsString("EXCESSIVE_FLUSH"));
            assertThat(fake.events().count("warning"), is(2));
        }
    }

    @Test
    void closingTheSessionSendsCloseAndFailsOpenStreams() throws Exception {
        fake.behavior().failNext(Failure.STALL_MID_STREAM);
        ProviderSession session = provider().openSession();
        AudioStream stream = session.open(request("pcm_24000"));
        assertThat(stream.read().length, greaterThan(0));

        session.close();

        ProviderException e = assertThrows(ProviderException.class, stream::read);
        assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
        fake.events().await("close:", WAIT);
        stream.close();
        session.close();
    }

    @Test
    void openWithoutASessionUsesASocketOfItsOwn() throws Exception {
        DeepgramProvider provider = provider();
        try (AudioStream stream = provider.open(request("pcm_24000"))) {
            assertThat(readAll(stream), is(FakeAudio.pcmStream(24000, CHUNKS, CHUNK_MILLIS)));
        }
        fake.events().await("close:", WAIT);
        fake.events().await("disconnect", WAIT);
    }

    @Test
    void initializeChecksTheKey() throws Exception {
        DeepgramProvider good = provider();
        assertThat(good.isReady(), is(false));
        good.initialize();
        assertThat(good.isReady(), is(true));
        fake.events().await("connect", WAIT);

        ProviderException e = assertThrows(ProviderException.class, () -> provider("wrong-key", ProviderTimeouts.DEFAULT)
                .initialize());
        assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
        fake.events().await("rejected:auth", WAIT);
    }

    @Test
    void declaresWhatItCanDo() {
        DeepgramProvider provider = provider();
        assertThat(provider.name(), is("deepgram"));
        assertThat(provider.defaultVoice(), is(MODEL));
        assertThat(provider.capabilities().producesNatively(AudioFormat.pcm(24000)), is(true));
        assertThat(provider.capabilities().producesNatively(AudioFormat.pcm(22050)), is(false));
        assertThat(provider.capabilities().producesNatively(AudioFormat.parse("ulaw_8000")), is(true));
        assertThat(provider.capabilities().wordTimestamps(), is(false));
        assertThat(provider.capabilities().inputStreaming(), is(true));
        assertThat(provider.capabilities().maxTextLength(), is(DeepgramProvider.MAX_TEXT_LENGTH));
    }

    @Test
    void theKeyIsInNoLogLineAndNoExceptionMessage() throws Exception {
        String wrongKey = "dg-wrong-key-0d4e8b";
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
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
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        Logger ours = Logger.getLogger("io.ttsgateway");
        Level oursLevel = ours.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        ours.setLevel(Level.ALL);
        List<String> messages = new ArrayList<>();
        try {
            try (ProviderSession session = provider(wrongKey, ProviderTimeouts.DEFAULT).openSession()) {
                ProviderException e = failure(session, request("pcm_24000"));
                assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
                messages.addAll(chain(e));
            }
            try (ProviderSession session = provider().openSession()) {
                synthesize(session, request("pcm_24000"));
                fake.behavior().failNext(Failure.DROP_MID_STREAM);
                messages.addAll(chain(failure(session, request("pcm_24000"))));
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
            ours.setLevel(oursLevel);
        }

        SimpleFormatter formatter = new SimpleFormatter();
        List<String> lines;
        synchronized (capture) {
            assertThat(records.isEmpty(), is(false));
            // The fake's own server logs the headers it received, as servers do; the client is what is checked.
            lines = records.stream().filter(r -> r.getLoggerName() == null
                    || !r.getLoggerName().startsWith(FAKE_SERVER_LOGGERS)).map(r -> {
                StringBuilder line = new StringBuilder(formatter.format(r));
                if (r.getThrown() != null) {
                    chain(r.getThrown()).forEach(line::append);
                }
                return line.toString();
            }).toList();
        }
        for (String line : lines) {
            assertThat(line, not(containsString(KEY)));
            assertThat(line, not(containsString(wrongKey)));
        }
        for (String message : messages) {
            assertThat(message, not(containsString(KEY)));
            assertThat(message, not(containsString(wrongKey)));
        }
        assertThat(fake.events().count("key-in-url"), is(0));
    }

    private DeepgramProvider provider() {
        return provider(KEY, ProviderTimeouts.DEFAULT);
    }

    private DeepgramProvider provider(String key, ProviderTimeouts timeouts) {
        DeepgramProvider provider = new DeepgramProvider(new DeepgramSettings(key, URI.create(fake.baseUrl()), MODEL,
                                                                              timeouts));
        providers.add(provider);
        return provider;
    }

    private static SynthesisRequest request(String format) {
        return new SynthesisRequest(TEXT, null, null, AudioFormat.parse(format), Map.of());
    }

    private static byte[] synthesize(ProviderSession session, SynthesisRequest request) throws Exception {
        try (AudioStream stream = session.open(request)) {
            return readAll(stream);
        }
    }

    private static byte[] readAll(AudioStream stream) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk;
        while ((chunk = stream.read()) != null) {
            out.write(chunk);
        }
        return out.toByteArray();
    }

    /** The failure of a request, whether it came from open() or from read(). */
    private static ProviderException failure(ProviderSession session, SynthesisRequest request) throws Exception {
        try (AudioStream stream = session.open(request)) {
            readAll(stream);
        } catch (ProviderException e) {
            return e;
        }
        return fail("the request succeeded");
    }

    private static List<String> chain(Throwable t) {
        List<String> all = new ArrayList<>();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.add(String.valueOf(c));
            for (Throwable s : c.getSuppressed()) {
                all.add(String.valueOf(s));
            }
        }
        return all;
    }
}
