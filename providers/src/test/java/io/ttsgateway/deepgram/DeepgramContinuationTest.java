package io.ttsgateway.deepgram;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeDeepgram;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
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

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Streaming input on Deepgram ({@link DeepgramUtterance}) against {@link FakeDeepgram} on real
 * sockets: the segments of one utterance on one socket, each a {@code Speak} and a {@code Flush}.
 * The fake's audio continues across a socket's flushes, so that each segment's bytes are a slice of
 * its own; waits are on the fake's events or the streams, durations are upper bounds only.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DeepgramContinuationTest {

    private static final String KEY = "dg-test-key-51c0e7a9d2";
    private static final String MODEL = "aura-2-thalia-en";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RATE = 24000;
    private static final int CHUNKS = 4;
    private static final int CHUNK_MILLIS = 100;
    private static final int CHUNK_SAMPLES = FakeAudio.samplesPerChunk(RATE, CHUNK_MILLIS);
    private static final int SEGMENT_SAMPLES = CHUNKS * CHUNK_SAMPLES;
    private static final List<String> SEGMENTS = List.of("Sure! I can help with that.",
                                                         " Your order shipped yesterday,",
                                                         " and it should arrive on Friday.");
    /** Short first-byte and stall timeouts, for the stall test. */
    private static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300),
                                                                       Duration.ofMillis(300));

    private FakeDeepgram fake;
    private final List<DeepgramProvider> providers = new ArrayList<>();

    @BeforeEach
    void startFake() {
        fake = FakeDeepgram.start(KEY).continuousAudio(true);
        fake.behavior().chunks(CHUNKS).chunkMillis(CHUNK_MILLIS).firstChunkDelay(Duration.ofMillis(10))
                .chunkInterval(Duration.ofMillis(2));
    }

    @AfterEach
    void stop() {
        providers.forEach(DeepgramProvider::close);
        fake.close();
    }

    @Test
    void segmentsAreSpokenOnOneSocketEachWithItsOwnAudio() throws Exception {
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            for (int k = 0; k < SEGMENTS.size(); k++) {
                try (AudioStream stream = utterance.open(segment(k))) {
                    assertThat(stream.format(), is(AudioFormat.pcm(RATE)));
                    assertThat("segment " + k, readAll(stream), is(segmentAudio(k)));
                }
            }
            utterance.finish();

            assertThat(fake.events().count("connect"), is(1));
            assertThat(fake.events().count("request"), is(SEGMENTS.size()));
            assertThat(fake.events().count("flushed"), is(SEGMENTS.size()));
            List<String> speaks = fake.events().all().stream().filter(e -> e.startsWith("speak")).toList();
            for (int k = 0; k < SEGMENTS.size(); k++) {
                assertThat(speaks.get(k), containsString("chars=" + SEGMENTS.get(k).length()));
            }
        }
    }

    @Test
    void nextSegmentIsSentBeforeThePreviousOneWasRead() throws Exception {
        // Segment 0's first audio comes late, so the later flushes reach Deepgram while it is unanswered.
        fake.behavior().firstChunkDelay(Duration.ofMillis(300));
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            List<AudioStream> streams = new ArrayList<>();
            for (int k = 0; k < SEGMENTS.size(); k++) {
                streams.add(utterance.open(segment(k)));
            }
            utterance.finish();

            for (int k = 0; k < SEGMENTS.size(); k++) {
                try (AudioStream stream = streams.get(k)) {
                    assertThat("segment " + k, readAll(stream), is(segmentAudio(k)));
                }
            }
            List<String> events = fake.events().all();
            assertThat(events.indexOf("request:#1 seq=1 chars=" + SEGMENTS.get(1).length()),
                       lessThan(events.indexOf("flushed:#1 seq=0")));
            assertThat(fake.events().count("connect"), is(1));
        }
    }

    @Test
    void closeMidStreamClearsAtTheProviderAndUnblocksTheReader() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(100));
        try (ProviderSession session = provider().openSession()) {
            Continuation utterance = session.openContinuation();
            AudioStream first = utterance.open(segment(0));
            AudioStream second = utterance.open(segment(1));
            assertThat(first.read(), is(FakeAudio.pcm(RATE, 0, CHUNK_SAMPLES)));
            CompletableFuture<byte[]> reader = readToEndInBackground(first);

            utterance.close();

            assertThat(reader.get(WAIT.toSeconds(), TimeUnit.SECONDS), is(nullValue()));
            assertThat(second.read(), is(nullValue()));
            fake.events().await("cancel", WAIT);
            first.close();
            second.close();
            // The socket comes back after Cleared, and nothing of the cancelled audio leaks into the next request.
            fake.continuousAudio(false);
            fake.behavior().chunks(CHUNKS).chunkInterval(Duration.ofMillis(2));
            assertThat(synthesize(session, segment(2)), is(FakeAudio.pcmStream(RATE, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(1));
        }
    }

    @Test
    void aSegmentClosedBeforeItsEndCancelsTheUtterance() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(100));
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment(0));
            AudioStream second = utterance.open(segment(1));
            assertThat(first.read(), is(FakeAudio.pcm(RATE, 0, CHUNK_SAMPLES)));

            first.close();

            fake.events().await("cancel", WAIT);
            // Segment 1 could only be a fragment now: it fails rather than ending as if complete.
            assertThrows(ProviderException.class, second::read);
            second.close();
            assertThrows(InterruptedException.class, () -> utterance.open(segment(2)));
        }
    }

    @Test
    void finishGivesTheSocketBackToThePoolOnceEverySegmentIsAnswered() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            Continuation utterance = session.openContinuation();
            AudioStream first = utterance.open(segment(0));
            AudioStream second = utterance.open(segment(1));
            utterance.finish();
            assertThat(readAll(first), is(segmentAudio(0)));
            assertThat(readAll(second), is(segmentAudio(1)));
            first.close();
            second.close();
            utterance.close();

            fake.continuousAudio(false);
            assertThat(synthesize(session, segment(2)), is(FakeAudio.pcmStream(RATE, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(1));
            assertThat(fake.events().count("request"), is(3));
            assertThat(fake.events().count("cancel"), is(0));
        }
    }

    @Test
    void aRequestWhileAnUtteranceHoldsTheSocketGetsAnother() throws Exception {
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            try (AudioStream stream = utterance.open(segment(0))) {
                assertThat(readAll(stream), is(segmentAudio(0)));
            }
            // Not finished: the utterance keeps its socket for the next segment.
            fake.continuousAudio(false);
            assertThat(synthesize(session, segment(1)), is(FakeAudio.pcmStream(RATE, CHUNKS, CHUNK_MILLIS)));
            assertThat(fake.events().count("connect"), is(2));

            try (AudioStream stream = utterance.open(segment(2))) {
                assertThat(readAll(stream), is(FakeAudio.pcmStream(RATE, CHUNKS, CHUNK_MILLIS)));
            }
            assertThat(fake.events().count("connect"), is(2));
            assertThat(fake.events().count("request:#1"), is(2));
        }
    }

    @ParameterizedTest
    @CsvSource({"SERVER_ERROR, UNAVAILABLE, NET-0000", "RATE_LIMITED, RATE_LIMITED, DATA-0001",
                "DROP_MID_STREAM, UNAVAILABLE, connection lost"})
    void aSegmentFailedByTheProviderFailsItsStream(Failure failure, ProviderErrorKind kind, String detail)
            throws Exception {
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            try (AudioStream stream = utterance.open(segment(0))) {
                assertThat(readAll(stream), is(segmentAudio(0)));
            }
            fake.behavior().failNext(failure);

            try (AudioStream stream = utterance.open(segment(1))) {
                ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));
                assertThat(e.kind(), is(kind));
                assertThat(e.getMessage(), containsString(detail));
                assertThat(e.getMessage(), not(containsString(KEY)));
            }
            // Deepgram took the segment and failed it: it is not sent again.
            assertThat(fake.events().count("request"), is(2));
        }
    }

    @Test
    void aStalledSegmentTimesOutAndIsClearedAtTheProvider() throws Exception {
        try (ProviderSession session = provider(SHORT).openSession();
             Continuation utterance = session.openContinuation()) {
            fake.behavior().failNext(Failure.STALL_BEFORE_AUDIO);

            try (AudioStream stream = utterance.open(segment(0))) {
                ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));
                assertThat(e.kind(), is(ProviderErrorKind.TIMEOUT));
            }

            fake.events().await("cancel", WAIT);
        }
    }

    @Test
    void aRefusedHandshakeFailsTheFirstSegment() throws Exception {
        fake.behavior().failNext(Failure.UNAUTHORIZED);
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            ProviderException e = assertThrows(ProviderException.class, () -> utterance.open(segment(0)));

            assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
            assertThat(e.providerStatus(), is(401));
            fake.events().await("failure:handshake 401", WAIT);
        }
    }

    @Test
    void speedIsAQueryParameterOfTheSocket() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            for (String speed : List.of("1.25", "0.8")) {
                try (Continuation utterance = session.openContinuation()) {
                    for (int k = 0; k < 2; k++) {
                        try (AudioStream stream = utterance.open(segment(k, Map.of(SynthesisRequest.SPEED, speed)))) {
                            readAll(stream);
                        }
                    }
                    utterance.finish();
                }
            }

            List<String> connects = fake.events().all().stream().filter(e -> e.startsWith("connect")).toList();
            assertThat(connects.size(), is(2));
            assertThat(connects.get(0), containsString("model=" + MODEL + " encoding=linear16 sample_rate=24000 "
                                                               + "speed=1.25"));
            assertThat(connects.get(1), containsString("speed=0.8"));
        }
    }

    @Test
    void theLanguageIsLeftToTheModel() throws Exception {
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            try (AudioStream stream = utterance.open(segment(0, Map.of(SynthesisRequest.LANGUAGE, "pt-BR")))) {
                assertThat(readAll(stream), is(segmentAudio(0)));
            }

            assertThat(fake.events().await("connect", WAIT), containsString("model=" + MODEL + " "));
        }
    }

    @Test
    void segmentsMustShareVoiceFormatAndSpeed() throws Exception {
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            try (AudioStream stream = utterance.open(segment(0))) {
                readAll(stream);
            }

            ProviderException e = assertThrows(ProviderException.class, () -> utterance.open(
                    new SynthesisRequest(SEGMENTS.get(1), null, null, AudioFormat.pcm(16000), Map.of())));

            assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(fake.events().count("request"), is(1));
        }
    }

    @Test
    void anUtteranceOutOfFlushesMovesToAnotherSocket() throws Exception {
        fake.continuousAudio(false);
        fake.behavior().chunks(1).chunkMillis(20);
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            for (int k = 0; k <= DeepgramCodec.MAX_FLUSHES; k++) {
                try (AudioStream stream = utterance.open(segment(k % SEGMENTS.size()))) {
                    assertThat("segment " + k, readAll(stream), is(FakeAudio.pcmStream(RATE, 1, 20)));
                }
            }
            utterance.finish();

            assertThat(fake.events().count("connect"), is(2));
            assertThat(fake.events().count("request:#1 "), is(DeepgramCodec.MAX_FLUSHES));
            assertThat(fake.events().count("request:#2 "), is(1));
            assertThat(fake.events().count("warning"), is(0));
        }
    }

    @Test
    void aLongAnswerMovesToAnotherSocketBeforeDeepgramsThroughputLimit() throws Exception {
        fake.continuousAudio(false);
        String sentence = "This is one sentence of a long streamed answer. ";
        String segment = sentence.repeat(1000 / sentence.length() + 1).substring(0, 1000);
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            SynthesisRequest request = new SynthesisRequest(segment, null, null, AudioFormat.pcm(RATE), Map.of());
            for (int k = 0; k < 3; k++) {
                try (AudioStream stream = utterance.open(request)) {
                    assertThat("segment " + k, readAll(stream), is(FakeAudio.pcmStream(RATE, CHUNKS, CHUNK_MILLIS)));
                }
            }
            utterance.finish();

            // 2400 characters a minute per socket: the third thousand goes to a second socket.
            assertThat(fake.events().count("request:#1 "), is(2));
            assertThat(fake.events().count("request:#2 "), is(1));
            assertThat(fake.events().count("rejected"), is(0));
        }
    }

    @Test
    void aRefusedFlushIsSentOnceMoreOnAnotherSocketAndItsSegmentCompletes() throws Exception {
        fake.continuousAudio(false).flushLimit(2);
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            List<AudioStream> streams = new ArrayList<>();
            for (int k = 0; k < SEGMENTS.size(); k++) {
                streams.add(utterance.open(segment(k)));
            }
            utterance.finish();

            for (int k = 0; k < SEGMENTS.size(); k++) {
                try (AudioStream stream = streams.get(k)) {
                    assertThat("segment " + k, readAll(stream), is(FakeAudio.pcmStream(RATE, CHUNKS, CHUNK_MILLIS)));
                }
            }
            assertThat(fake.events().await("warning", WAIT), is("warning:#1 EXCESSIVE_FLUSH"));
            assertThat(fake.events().count("connect"), is(2));
            assertThat(fake.events().await("request:#2", WAIT), containsString("chars=" + SEGMENTS.get(2).length()));
        }
    }

    @Test
    void aFlushRefusedOnTwoSocketsFailsAsRateLimited() throws Exception {
        fake.flushLimit(0);
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation();
             AudioStream stream = utterance.open(segment(0))) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(stream));

            assertThat(e.kind(), is(ProviderErrorKind.RATE_LIMITED));
            assertThat(e.getMessage(), containsString("EXCESSIVE_FLUSH"));
            assertThat(fake.events().count("warning"), is(2));
            assertThat(fake.events().count("connect"), is(2));
        }
    }

    @Test
    void theHeldSocketIsKeptAliveWhileTheNextSegmentIsAwaited() throws Exception {
        // Longer than the ping interval: only the pings keep the held socket open.
        fake.idleTimeout(DeepgramCodec.KEEP_ALIVE_INTERVAL.plusSeconds(3));
        try (ProviderSession session = provider().openSession();
             Continuation utterance = session.openContinuation()) {
            try (AudioStream stream = utterance.open(segment(0))) {
                assertThat(readAll(stream), is(segmentAudio(0)));
            }
            fake.events().await("ping", WAIT);

            try (AudioStream stream = utterance.open(segment(1))) {
                assertThat(readAll(stream), is(segmentAudio(1)));
            }
            assertThat(fake.events().count("connect"), is(1));
            assertThat(fake.events().count("idle-timeout"), is(0));
        }
    }

    @Test
    void openAfterCloseIsRefusedAndCloseIsIdempotent() throws Exception {
        try (ProviderSession session = provider().openSession()) {
            Continuation utterance = session.openContinuation();
            utterance.close();
            utterance.close();

            assertThrows(InterruptedException.class, () -> utterance.open(segment(0)));
            assertThat(fake.events().count("connect"), is(0));
        }
    }

    private DeepgramProvider provider() {
        return provider(ProviderTimeouts.DEFAULT);
    }

    private DeepgramProvider provider(ProviderTimeouts timeouts) {
        DeepgramProvider provider = new DeepgramProvider(new DeepgramSettings(KEY, URI.create(fake.baseUrl()), MODEL,
                                                                              timeouts));
        providers.add(provider);
        return provider;
    }

    private static SynthesisRequest segment(int k) {
        return segment(k, Map.of());
    }

    private static SynthesisRequest segment(int k, Map<String, String> settings) {
        return new SynthesisRequest(SEGMENTS.get(k), null, null, AudioFormat.pcm(RATE), settings);
    }

    /** What the fake sends for the k-th flush on a socket: the tone, continued from the flush before. */
    private static byte[] segmentAudio(int k) {
        return FakeAudio.pcm(RATE, (long) k * SEGMENT_SAMPLES, SEGMENT_SAMPLES);
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

    private static CompletableFuture<byte[]> readToEndInBackground(AudioStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                byte[] chunk;
                do {
                    chunk = stream.read();
                } while (chunk != null);
                result.complete(null);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }
}
