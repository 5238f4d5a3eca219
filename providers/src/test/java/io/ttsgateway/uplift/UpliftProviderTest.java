package io.ttsgateway.uplift;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeUplift;
import io.ttsgateway.fakes.UpliftFakeRequest;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Uplift client against {@link FakeUplift} over real sockets.
 */
class UpliftProviderTest {

    static final String KEY = "sk_api_test_7f3c9a1e5b2d4f60";
    /** Upper bound for waits that normally take milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(3), Duration.ofMillis(300),
                                                               Duration.ofMillis(300));
    static final ProviderTimeouts MEDIUM = new ProviderTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3),
                                                                Duration.ofSeconds(3));
    static final AudioFormat PCM_22050 = AudioFormat.pcm(22050);
    static final AudioFormat ULAW_8000 = new AudioFormat(AudioEncoding.ULAW, 8000);

    private FakeUplift fake;
    private UpliftProvider provider;

    @BeforeEach
    void start() {
        fake = FakeUplift.start(KEY);
        provider = provider(KEY, ProviderTimeouts.DEFAULT);
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void declaresWhatUpliftCanDo() {
        assertThat(provider.name(), is("uplift"));
        assertThat(provider.capabilities().producesNatively(PCM_22050), is(true));
        assertThat(provider.capabilities().producesNatively(ULAW_8000), is(true));
        assertThat(provider.capabilities().producesNatively(AudioFormat.pcm(24000)), is(false));
        assertThat(provider.capabilities().wordTimestamps(), is(false));
        assertThat(provider.capabilities().inputStreaming(), is(false));
        assertThat(provider.capabilities().maxTextLength(), is(10_000));
        assertThat(provider.defaultVoice(), is("v_meklc281"));
    }

    @Test
    void streamsNativePcmCompleteAndInOrder() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            AudioStream stream = session.open(request(PCM_22050));
            assertThat(stream.format(), is(PCM_22050));
            byte[] audio = readAll(stream);
            assertArrayEquals(expectedPcm(), audio);
        }
        UpliftFakeRequest sent = fake.requests().getFirst();
        assertThat(sent.outputFormat(), is("PCM_22050_16"));
        assertThat(sent.voiceId(), is("v_meklc281"));
        assertThat(sent.speed(), is(nullValue()));
    }

    @Test
    void streamsNativeMuLaw() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            AudioStream stream = session.open(request(ULAW_8000));
            assertThat(stream.format(), is(ULAW_8000));
            FakeBehavior behavior = fake.behavior();
            int samples = behavior.chunks() * FakeAudio.samplesPerChunk(8000, behavior.chunkMillis());
            assertArrayEquals(FakeAudio.muLaw(8000, 0, samples), readAll(stream));
        }
        assertThat(fake.requests().getFirst().outputFormat(), is("ULAW_8000_8"));
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 24000, 44100, 48000})
    void convertsPcmToOtherRates(int rate) throws Exception {
        fake.behavior().chunks(10);
        AudioFormat wanted = AudioFormat.pcm(rate);
        byte[] audio;
        try (ProviderSession session = provider.openSession()) {
            AudioStream stream = session.open(request(wanted));
            assertThat(stream.format(), is(wanted));
            audio = readAll(stream);
        }
        assertThat(fake.requests().getFirst().outputFormat(), is("PCM_22050_16"));
        double seconds = 10 * fake.behavior().chunkMillis() / 1000.0;
        double expectedBytes = seconds * rate * 2;
        assertThat((double) audio.length, both(greaterThan(expectedBytes * 0.99)).and(lessThan(expectedBytes * 1.01)));
        // The tone keeps its pitch only when the rate is what the format says.
        double hertz = zeroCrossings(audio) / 2.0 / seconds;
        assertThat(hertz, both(greaterThan(FakeAudio.FREQUENCY * 0.98)).and(lessThan(FakeAudio.FREQUENCY * 1.02)));
    }

    @Test
    void convertsToALawFromPcm() throws Exception {
        AudioFormat alaw = new AudioFormat(AudioEncoding.ALAW, 8000);
        byte[] audio;
        try (ProviderSession session = provider.openSession()) {
            AudioStream stream = session.open(request(alaw));
            assertThat(stream.format(), is(alaw));
            audio = readAll(stream);
        }
        assertThat(fake.requests().getFirst().outputFormat(), is("PCM_22050_16"));
        double expected = fake.behavior().chunks() * fake.behavior().chunkMillis() / 1000.0 * 8000;
        assertThat((double) audio.length, both(greaterThan(expected * 0.99)).and(lessThan(expected * 1.01)));
    }

    @Test
    void sendsVoiceAndSpeed() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            readAll(session.open(new SynthesisRequest("Salaam", "v_30s70t3a", null, PCM_22050,
                                                      Map.of("speed", "1.5"))));
        }
        UpliftFakeRequest sent = fake.requests().getFirst();
        assertThat(sent.voiceId(), is("v_30s70t3a"));
        assertThat(sent.speed(), is(1.5));
        assertThat(sent.text(), is("Salaam"));
    }

    @ParameterizedTest
    @CsvSource({"0.25, 0.5", "0.5, 0.5", "2.0, 2.0", "3.0, 2.0", "4, 2.0"})
    void speedsOutsideUpliftsRangeAreClampedToIt(String asked, double sent) throws Exception {
        try (ProviderSession session = provider.openSession()) {
            readAll(session.open(new SynthesisRequest("Salaam", null, null, PCM_22050,
                                                      Map.of(SynthesisRequest.SPEED, asked))));
        }
        assertThat(fake.requests().getFirst().speed(), is(sent));
    }

    @Test
    void languageIsIgnoredForUpliftHasNoSuchParameter() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            readAll(session.open(new SynthesisRequest("Salaam", null, null, PCM_22050,
                                                      Map.of(SynthesisRequest.LANGUAGE, "ur"))));
        }
        assertThat(fake.requests().size(), is(1));
        assertThat(fake.requests().getFirst().speed(), is(nullValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "NaN"})
    void refusesABadSpeedWithoutConnecting(String speed) {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.openSession().open(
                new SynthesisRequest("Hello", null, null, PCM_22050, Map.of("speed", speed))));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void refusesTextOverTheLimitWithoutConnecting() {
        ProviderException e = assertThrows(ProviderException.class, () -> provider.openSession().open(
                request("a".repeat(10_001), PCM_22050)));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void acceptsTextAtTheLimit() throws Exception {
        fake.behavior().chunks(1);
        try (ProviderSession session = provider.openSession()) {
            assertThat(readAll(session.open(request("a".repeat(10_000), PCM_22050))).length, greaterThan(0));
        }
    }

    @Test
    void wrongKeyIsAuthFailed() throws Exception {
        try (UpliftProvider wrong = provider("sk_api_wrong", ProviderTimeouts.DEFAULT);
                ProviderSession session = wrong.openSession()) {
            ProviderException e = assertThrows(ProviderException.class, () -> session.open(request(PCM_22050)));
            assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
            assertThat(e.providerStatus(), is(401));
            assertThat(e.getMessage(), not(containsString("sk_api_wrong")));
        }
        fake.events().await("rejected:auth", WAIT);
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void missingKeyFailsWithoutConnecting() {
        try (UpliftProvider none = provider("", ProviderTimeouts.DEFAULT)) {
            assertThat(none.isReady(), is(false));
            ProviderException e = assertThrows(ProviderException.class, none::initialize);
            assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
            e = assertThrows(ProviderException.class, () -> none.openSession().open(request(PCM_22050)));
            assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
        }
        assertThat(fake.events().all(), is(List.of()));
    }

    @ParameterizedTest
    @CsvSource({"UNAUTHORIZED, AUTH_FAILED", "RATE_LIMITED, RATE_LIMITED", "SERVER_ERROR, UNAVAILABLE",
            "DROP_MID_STREAM, UNAVAILABLE", "STALL_BEFORE_AUDIO, TIMEOUT", "STALL_MID_STREAM, TIMEOUT"})
    void failureThenTheSessionStillWorks(FakeBehavior.Failure failure, ProviderErrorKind kind) throws Exception {
        // Timeouts short enough to wait for where they are the point, otherwise long enough that
        // a lost connection is always found out (by the keep-alive pings) before a stall would be.
        ProviderTimeouts timeouts = kind == ProviderErrorKind.TIMEOUT ? SHORT : MEDIUM;
        try (UpliftProvider quick = provider(KEY, timeouts); ProviderSession session = quick.openSession()) {
            fake.behavior().failNext(failure);
            ProviderException e = failureOf(session, request(PCM_22050));
            assertThat(e.kind(), is(kind));
            assertThat(e.getMessage(), not(containsString(KEY)));
            String id = fake.requests().getFirst().requestId();
            if (kind == ProviderErrorKind.TIMEOUT) {
                // Given up on by the client: the request must be stopped at Uplift too.
                fake.events().await("cancel:" + id, WAIT);
                fake.events().await("stopped:" + id, WAIT);
            }

            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
            // Only a lost connection needs a new one.
            assertThat(fake.events().count("connect"), is(failure == FakeBehavior.Failure.DROP_MID_STREAM ? 2 : 1));
        }
    }

    @Test
    void rateLimitOfTheServiceIsRateLimited() throws Exception {
        fake.behavior().chunks(1).firstChunkDelay(Duration.ZERO);
        try (ProviderSession session = provider.openSession()) {
            for (int i = 0; i < FakeUplift.REQUESTS_PER_MINUTE; i++) {
                readAll(session.open(request(PCM_22050)));
            }
            ProviderException e = failureOf(session, request(PCM_22050));
            assertThat(e.kind(), is(ProviderErrorKind.RATE_LIMITED));
            assertThat(e.getMessage(), containsString("rate_limit_exceeded"));
        }
        fake.events().await("rejected:rate_limit", WAIT);
    }

    @Test
    void cancelStopsTheRequestAtUplift() throws Exception {
        fake.behavior().chunks(40).chunkInterval(Duration.ofMillis(500));
        ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();
        try (ProviderSession session = provider.openSession()) {
            AudioStream stream = session.open(request(PCM_22050));
            CountDownLatch firstChunk = new CountDownLatch(1);
            Future<Integer> read = reader.submit(() -> {
                int total = 0;
                try {
                    for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                        total += chunk.length;
                        firstChunk.countDown();
                    }
                } catch (ProviderException e) {
                    // A closed stream may end with an error instead; either way the read returns.
                }
                return total;
            });
            assertThat(firstChunk.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), is(true));
            stream.close();
            // The read blocked for the next chunk returns, long before the 20 s of audio.
            int total = read.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(total, lessThan(expectedPcm(40).length));

            String id = fake.requests().getFirst().requestId();
            fake.events().await("cancel:" + id, WAIT);
            fake.events().await("stopped:" + id, WAIT);

            fake.behavior().chunks(FakeBehavior.DEFAULT_CHUNKS).chunkInterval(Duration.ofMillis(5));
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
            assertThat(fake.events().count("connect"), is(1));
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void consecutiveRequestsShareOneConnection() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
        }
        assertThat(fake.events().count("connect"), is(1));
        assertThat(fake.requests().size(), is(2));
        assertThat(fake.requests().get(0).requestId(), not(fake.requests().get(1).requestId()));
    }

    @Test
    void concurrentRequestsInterleaveOnOneConnection() throws Exception {
        fake.behavior().chunks(10).chunkInterval(Duration.ofMillis(10));
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try (ProviderSession session = provider.openSession()) {
            CountDownLatch go = new CountDownLatch(1);
            Callable<byte[]> one = () -> {
                go.await();
                return readAll(session.open(request(PCM_22050)));
            };
            Future<byte[]> first = threads.submit(one);
            Future<byte[]> second = threads.submit(one);
            go.countDown();
            assertArrayEquals(expectedPcm(10), first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertArrayEquals(expectedPcm(10), second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            threads.shutdownNow();
        }
        assertThat(fake.events().count("connect"), is(1));
        assertThat(fake.requests().size(), is(2));
    }

    @Test
    void reconnectsAfterUpliftDroppedTheIdleConnection() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
            fake.dropConnections();
            fake.events().await("dropped", WAIT);
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
        }
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void resendsOnceWhenAReusedConnectionDiesBeforeAnswering() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
            fake.dropBeforeAudioNext();
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
        }
        assertThat(fake.events().count("connect"), is(2));
        List<UpliftFakeRequest> sent = fake.requests();
        assertThat(sent.size(), is(3));
        assertThat(sent.get(1).connection(), is(1));
        assertThat(sent.get(2).connection(), is(2));
    }

    @Test
    void aNewConnectionDyingBeforeAnsweringIsNotRetried() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            fake.dropBeforeAudioNext();
            ProviderException e = failureOf(session, request(PCM_22050));
            assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
            assertThat(fake.requests().size(), is(1));
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
        }
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void aGapInTheSequenceFailsAndCancels() throws Exception {
        fake.behavior().chunks(20).chunkInterval(Duration.ofMillis(50));
        try (ProviderSession session = provider.openSession()) {
            fake.skipSequenceNext();
            ProviderException e = failureOf(session, request(PCM_22050));
            assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
            fake.events().await("cancel:" + fake.requests().getFirst().requestId(), WAIT);
            fake.behavior().chunks(FakeBehavior.DEFAULT_CHUNKS).chunkInterval(Duration.ofMillis(5));
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
        }
    }

    @Test
    void anErrorWithoutRequestIdFailsEverythingInFlight() throws Exception {
        fake.behavior().chunks(40).chunkInterval(Duration.ofMillis(500));
        try (ProviderSession session = provider.openSession()) {
            AudioStream first = session.open(request(PCM_22050));
            AudioStream second = session.open(request(PCM_22050));
            assertThat(first.read(), not(nullValue()));
            fake.sendErrorToAll("auth_failed");
            assertThat(failureOf(first).kind(), is(ProviderErrorKind.AUTH_FAILED));
            assertThat(failureOf(second).kind(), is(ProviderErrorKind.AUTH_FAILED));

            fake.behavior().chunks(FakeBehavior.DEFAULT_CHUNKS).chunkInterval(Duration.ofMillis(5));
            assertArrayEquals(expectedPcm(), readAll(session.open(request(PCM_22050))));
        }
        // A refused key ends the connection; the next request opened another.
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void unknownVoiceTimesOut() throws Exception {
        try (UpliftProvider quick = provider(KEY, SHORT); ProviderSession session = quick.openSession()) {
            ProviderException e = failureOf(session, new SynthesisRequest("Hello", "v_nosuchvoice", null, PCM_22050,
                                                                          Map.of()));
            assertThat(e.kind(), is(ProviderErrorKind.TIMEOUT));
            fake.events().await("cancel:" + fake.requests().getFirst().requestId(), WAIT);
        }
    }

    @Test
    void timestampsAreNotOffered() throws Exception {
        try (ProviderSession session = provider.openSession()) {
            AudioStream stream = session.open(new SynthesisRequest("Hello", null, null, PCM_22050, Map.of(), true));
            assertArrayEquals(expectedPcm(), readAll(stream));
            assertThat(stream.nextAlignment(), is(nullValue()));
        }
    }

    @Test
    void openWithoutSessionUsesAConnectionOfItsOwn() throws Exception {
        try (AudioStream stream = provider.open(request(PCM_22050))) {
            assertArrayEquals(expectedPcm(), readAll(stream));
        }
        fake.events().await("closed:", WAIT);
        try (AudioStream stream = provider.open(request(ULAW_8000))) {
            assertThat(readAll(stream).length, greaterThan(0));
        }
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void closingTheSessionEndsItsStreams() throws Exception {
        fake.behavior().chunks(40).chunkInterval(Duration.ofMillis(500));
        ProviderSession session = provider.openSession();
        AudioStream stream = session.open(request(PCM_22050));
        assertThat(stream.read(), not(nullValue()));
        session.close();
        assertThat(failureOf(stream).kind(), is(ProviderErrorKind.UNAVAILABLE));
        fake.events().await("closed:", WAIT);
        ProviderException e = assertThrows(ProviderException.class, () -> session.open(request(PCM_22050)));
        assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
    }

    @Test
    void closingTheProviderEndsItsStreams() throws Exception {
        fake.behavior().chunks(40).chunkInterval(Duration.ofMillis(500));
        ProviderSession session = provider.openSession();
        AudioStream stream = session.open(request(PCM_22050));
        assertThat(stream.read(), not(nullValue()));
        provider.close();
        assertThat(failureOf(stream).kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(provider.isReady(), is(false));
    }

    @Test
    void unreachableProviderIsUnavailable() throws Exception {
        String base = fake.baseUrl();
        fake.close();
        try (UpliftProvider gone = new UpliftProvider(new UpliftSettings(KEY, URI.create(base), null, SHORT))) {
            ProviderException e = assertThrows(ProviderException.class,
                                               () -> gone.openSession().open(request(PCM_22050)));
            assertThat(e.kind(), is(ProviderErrorKind.UNAVAILABLE));
            assertThat(e.getMessage(), not(containsString(KEY)));
        }
        fake = FakeUplift.start(KEY);
    }

    @Test
    void settingsDoNotPrintTheKey() {
        assertThat(new UpliftSettings(KEY, URI.create(fake.baseUrl()), null, SHORT).toString(),
                   not(containsString(KEY)));
    }

    UpliftProvider provider(String key, ProviderTimeouts timeouts) {
        return new UpliftProvider(new UpliftSettings(key, URI.create(fake.baseUrl()), "v_meklc281", timeouts));
    }

    static SynthesisRequest request(AudioFormat format) {
        return request("Hello, how can I assist you today?", format);
    }

    static SynthesisRequest request(String text, AudioFormat format) {
        return new SynthesisRequest(text, null, null, format, Map.of());
    }

    byte[] expectedPcm() {
        return expectedPcm(fake.behavior().chunks());
    }

    byte[] expectedPcm(int chunks) {
        return FakeAudio.pcmStream(22050, chunks, fake.behavior().chunkMillis());
    }

    static byte[] readAll(AudioStream stream) throws ProviderException, InterruptedException {
        try (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                out.writeBytes(chunk);
            }
            return out.toByteArray();
        }
    }

    /** Opens and reads a request that must fail, at open or while reading. */
    static ProviderException failureOf(ProviderSession session, SynthesisRequest request)
            throws InterruptedException {
        try {
            return failureOf(session.open(request));
        } catch (ProviderException e) {
            return e;
        }
    }

    static ProviderException failureOf(AudioStream stream) throws InterruptedException {
        try (stream) {
            List<byte[]> chunks = new ArrayList<>();
            for (byte[] chunk = stream.read(); chunk != null; chunk = stream.read()) {
                chunks.add(chunk);
            }
            throw new AssertionError("the request did not fail; " + chunks.size() + " chunks arrived");
        } catch (ProviderException e) {
            return e;
        }
    }

    static int zeroCrossings(byte[] pcm) {
        int crossings = 0;
        short previous = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            short sample = (short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8));
            if (i > 0 && (previous < 0) != (sample < 0)) {
                crossings++;
            }
            previous = sample;
        }
        return crossings;
    }
}
