package io.ttsgateway.elevenlabs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
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
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Streamed utterances ({@link Continuation}) on the multi-context WebSocket, against the fake over
 * real sockets: one context per utterance, one flush per segment, each segment's stream ending with
 * exactly its own audio.
 */
class ElevenLabsContinuationTest {

    private static final String[] SEGMENTS = {"Sure, I can help with that. ", "The weather looks fine today. ",
                                              "Anything else you need?"};
    private static final int SAMPLES_PER_CHUNK = FakeAudio.samplesPerChunk(16000, CHUNK_MILLIS);
    private static final int SAMPLES_PER_SEGMENT = CHUNKS * SAMPLES_PER_CHUNK;

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
    void segmentsShareOneContextAndEachEndsWithItsOwnAudio() throws Exception {
        try (Continuation utterance = session.openContinuation()) {
            for (int i = 0; i < SEGMENTS.length; i++) {
                AudioStream stream = utterance.open(segment(SEGMENTS[i]));
                if (i == SEGMENTS.length - 1) {
                    utterance.finish();
                }
                // Each segment ends before the next one is even sent: its end comes from the timings.
                assertThat("segment " + i, readAll(stream), is(segmentAudio(i)));
                assertThat("segment " + i + " is its own text's audio", stream.cacheable(), is(true));
            }
        }

        assertThat(fake.events().await("final:ctx-1", WAIT), is("final:ctx-1"));
        assertThat(fake.events().count("connect"), is(1));
        assertThat(fake.events().count("request:"), is(1));
        assertThat(fake.events().count("flush:ctx-1"), is(3));
        assertThat(fake.events().count("text:ctx-1"), is(3));
        assertThat(fake.events().count("close_context:ctx-1"), is(1));
        assertThat(fake.events().all(), hasItem("sync_alignment"));
        assertThat(fake.events().all(), not(hasItem(startsWith("warning:"))));
    }

    @Test
    void segmentsOpenedAheadStillEndWhereTheyShould() throws Exception {
        fake.behavior().chunkInterval(Duration.ofMillis(30));
        try (Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment(SEGMENTS[0]));
            byte[] firstChunk = first.read();
            // The next segments are sent while the first one is still streaming and unread.
            AudioStream second = utterance.open(segment(SEGMENTS[1]));
            AudioStream third = utterance.open(segment(SEGMENTS[2]));
            utterance.finish();

            byte[] rest = readAll(first);
            byte[] whole = new byte[firstChunk.length + rest.length];
            System.arraycopy(firstChunk, 0, whole, 0, firstChunk.length);
            System.arraycopy(rest, 0, whole, firstChunk.length, rest.length);
            assertThat(whole, is(segmentAudio(0)));
            assertThat(readAll(second), is(segmentAudio(1)));
            assertThat(readAll(third), is(segmentAudio(2)));
        }
        assertThat(fake.events().count("flush:ctx-1"), is(3));
        assertThat(fake.events().await("final:ctx-1", WAIT), is("final:ctx-1"));
    }

    @Test
    void finishClosesTheContextAndFreesItsSlot() throws Exception {
        try (Continuation utterance = session.openContinuation()) {
            AudioStream only = utterance.open(segment(SEGMENTS[0]));
            assertThat(readAll(only), is(segmentAudio(0)));

            utterance.finish();

            assertThat(fake.events().await("close_context:ctx-1", WAIT), is("close_context:ctx-1"));
            assertThat(fake.events().await("final:ctx-1", WAIT), is("final:ctx-1"));
            assertThrows(IllegalStateException.class, () -> utterance.open(segment(SEGMENTS[1])));
        }
        assertThat(readAll(session.open(request("pcm_16000"))), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().count("connect"), is(1));
        assertThat(fake.events().count("cancel:"), is(0));
    }

    @Test
    void closeCancelsTheContextAndEndsABlockedRead() throws Exception {
        fake.behavior().chunks(100).chunkInterval(Duration.ofMillis(200));
        Continuation utterance = session.openContinuation();
        AudioStream first = utterance.open(segment(SEGMENTS[0]));
        AudioStream second = utterance.open(segment(SEGMENTS[1]));
        assertThat(first.read(), not(nullValue()));
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                byte[] chunk;
                do {
                    chunk = first.read();
                } while (chunk != null);
                outcome.set("end");
            } catch (Exception e) {
                outcome.set(e);
            } finally {
                done.countDown();
            }
        });

        utterance.close();

        assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), is(true));
        reader.join(WAIT);
        assertThat(outcome.get(), is("end"));
        assertThat(second.read(), nullValue());
        assertThat(fake.events().await("close_context:ctx-1", WAIT), is("close_context:ctx-1"));
        assertThrows(InterruptedException.class, () -> utterance.open(segment(SEGMENTS[2])));
        first.close();
        second.close();
    }

    @Test
    void aSegmentClosedBeforeItsEndStopsTheUtterance() throws Exception {
        fake.behavior().chunks(50).chunkInterval(Duration.ofMillis(50));
        try (Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment(SEGMENTS[0]));
            AudioStream second = utterance.open(segment(SEGMENTS[1]));
            assertThat(first.read(), not(nullValue()));

            first.close();

            assertThat(fake.events().await("close_context:ctx-1", WAIT), is("close_context:ctx-1"));
            // Not an empty end: partial audio must never pass for a complete segment.
            assertThat(failureOf(second).kind(), is(ProviderErrorKind.UNAVAILABLE));
        }
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
    void aFailureInTheMiddleFailsTheSegment(FakeBehavior.Failure failure, ProviderErrorKind kind) throws Exception {
        ElevenLabsProvider shortTimeouts = new ElevenLabsProvider(settings(fake, KEY, SHORT));
        try (ProviderSession shortSession = shortTimeouts.openSession();
                Continuation utterance = shortSession.openContinuation()) {
            assertThat(readAll(utterance.open(segment(SEGMENTS[0]))), is(segmentAudio(0)));
            fake.behavior().failNext(failure);

            ProviderException error = failureOf(utterance.open(segment(SEGMENTS[1])));

            assertThat(error.kind(), is(kind));
            assertThat(fake.events().count("request:"), is(1));
            // The session goes on with a fresh context (and, after a socket failure, a fresh socket).
            assertThat(readAll(shortSession.open(request("pcm_16000"))),
                       is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        } finally {
            shortTimeouts.close();
        }
    }

    @Test
    void aFailureOfTheFirstSegmentFailsItsStream() throws Exception {
        fake.behavior().failNext(FakeBehavior.Failure.UNAUTHORIZED);
        try (Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment(SEGMENTS[0]));

            assertThat(failureOf(first).kind(), is(ProviderErrorKind.AUTH_FAILED));
            ProviderException next = assertThrows(ProviderException.class,
                                                  () -> utterance.open(segment(SEGMENTS[1])));
            assertThat(next.kind(), is(ProviderErrorKind.AUTH_FAILED));
        }
    }

    @Test
    void aReusedSocketThatDiesBeforeAnsweringGetsTheWholeContextAgain() throws Exception {
        readAll(session.open(request("pcm_16000")));
        fake.dropNextContext();

        try (Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment(SEGMENTS[0]));
            AudioStream second = utterance.open(segment(SEGMENTS[1]));
            utterance.finish();

            assertThat(readAll(first), is(segmentAudio(0)));
            assertThat(readAll(second), is(segmentAudio(1)));
        }
        assertThat(fake.events().all(), hasItem("dropped:context ctx-2"));
        assertThat(fake.events().all(), hasItem("request:ctx-3:pcm_16000:eleven_flash_v2_5"));
        assertThat(fake.events().count("flush:ctx-3"), is(2));
        assertThat(fake.events().await("final:ctx-3", WAIT), is("final:ctx-3"));
    }

    @Test
    void wordTimingsStartAgainWithEverySegment() throws Exception {
        String text = "Hello brave new world again";
        try (Continuation utterance = session.openContinuation()) {
            List<WordAlignment> perSegment = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                AudioStream stream = utterance.open(new SynthesisRequest(text + " ", null, null, AudioFormat.pcm(16000),
                                                                         Map.of(), true));
                if (i == 1) {
                    utterance.finish();
                }
                perSegment.add(flatten(readAlignments(stream)));
            }

            for (WordAlignment words : perSegment) {
                assertThat(words.words(), contains("Hello", "brave", "new", "world", "again"));
                // Spread over five 100 ms chunks as in a single request: "again" opens the fifth.
                assertThat(words.startMs().get(0), is(0L));
                assertThat(words.startMs().get(4), is(400L));
            }
        }
    }

    @Test
    void withoutTimingsTheAudioStaysWholeAndNothingHangs() throws Exception {
        fake.withholdAlignment(true);
        try (Continuation utterance = session.openContinuation()) {
            AudioStream first = utterance.open(segment(SEGMENTS[0]));
            AudioStream second = utterance.open(segment(SEGMENTS[1]));
            utterance.finish();

            // No boundary can be seen: the first segment takes everything, up to the context's end.
            assertThat(readAll(first), is(FakeAudio.pcm(16000, 0, 2 * SAMPLES_PER_SEGMENT)));
            assertThat(readAll(second).length, is(0));
            // ...so neither may be cached as the audio of its own text.
            assertThat(first.cacheable(), is(false));
            assertThat(second.cacheable(), is(false));
        }
    }

    @Test
    void segmentsMustShareTheFirstOnesOptions() throws Exception {
        try (Continuation utterance = session.openContinuation()) {
            readAll(utterance.open(segment(SEGMENTS[0])));
            SynthesisRequest faster = new SynthesisRequest(SEGMENTS[1], null, null, AudioFormat.pcm(16000),
                                                           Map.of(SynthesisRequest.SPEED, "1.1"));

            ProviderException error = assertThrows(ProviderException.class, () -> utterance.open(faster));

            assertThat(error.kind(), is(ProviderErrorKind.INVALID_REQUEST));
            assertThat(fake.events().count("flush:ctx-1"), is(1));
        }
    }

    @Test
    void utterancesHoldOneContextEachWithinTheFivePerSocket() throws Exception {
        List<Continuation> utterances = new ArrayList<>();
        List<AudioStream> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                Continuation utterance = session.openContinuation();
                utterances.add(utterance);
                streams.add(utterance.open(segment(SEGMENTS[0])));
            }
            for (int i = 0; i < streams.size(); i++) {
                assertThat(readAll(streams.get(i)), is(segmentAudio(0)));
                utterances.get(i).finish();
            }
        } finally {
            utterances.forEach(Continuation::close);
        }
        // Five open contexts fill a socket: the sixth utterance needed another.
        assertThat(fake.events().count("connect"), is(2));
        assertThat(fake.events().count("error:"), is(0));
    }

    @Test
    void modelsWithoutWebSocketSpeakEachSegmentWithThePreviousText() throws Exception {
        try (Continuation utterance = session.openContinuation()) {
            for (int i = 0; i < 2; i++) {
                SynthesisRequest request = new SynthesisRequest(SEGMENTS[i], null, "eleven_v3", AudioFormat.pcm(16000),
                                                                Map.of());
                assertThat(readAll(utterance.open(request)), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
            }
            utterance.finish();
        }
        assertThat(fake.events().all(), hasItem("request:http-1:pcm_16000:eleven_v3"));
        assertThat(fake.events().all(), not(hasItem(startsWith("previous_text:http-1"))));
        assertThat(fake.events().all(), hasItem("previous_text:http-2:" + SEGMENTS[0].strip().length()));
    }

    @Test
    void speedIsClampedAndLanguageReachesTheSocket() throws Exception {
        SynthesisRequest request = new SynthesisRequest(SEGMENTS[0], null, null, AudioFormat.pcm(16000),
                                                        Map.of(SynthesisRequest.SPEED, "1.5",
                                                               SynthesisRequest.LANGUAGE, "pt-BR"));
        try (Continuation utterance = session.openContinuation()) {
            AudioStream stream = utterance.open(request);
            utterance.finish();
            assertThat(readAll(stream), is(segmentAudio(0)));
        }

        assertThat(fake.events().all(), hasItem("speed:ctx-1:1.2"));
        assertThat(fake.events().all(), hasItem("language:ctx-1:pt"));
        assertThat(fake.events().count("rejected:"), is(0));
    }

    @Test
    void requestsDifferingInSpeedShareASocketButNotInLanguage() throws Exception {
        readAll(session.open(withOptions("1.0", "en")));
        readAll(session.open(withOptions("0.8", "en")));
        readAll(session.open(withOptions("0.8", "de")));

        assertThat(fake.events().count("connect"), is(2));
        assertThat(fake.events().all(), hasItem("speed:ctx-1:1.0"));
        assertThat(fake.events().all(), hasItem("speed:ctx-2:0.8"));
        assertThat(fake.events().all(), hasItem("language:ctx-2:en"));
        assertThat(fake.events().all(), hasItem("language:ctx-3:de"));
    }

    @Test
    void languageIsLeftOutForModelsThatRefuseIt() throws Exception {
        SynthesisRequest request = new SynthesisRequest(SEGMENTS[0], null, "eleven_multilingual_v2",
                                                        AudioFormat.pcm(16000), Map.of(SynthesisRequest.LANGUAGE, "fr"));

        assertThat(readAll(session.open(request)), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().count("language:"), is(0));
        assertThat(fake.events().count("rejected:"), is(0));
    }

    @Test
    void speedAndLanguageReachTheHttpBody() throws Exception {
        AudioStream stream = provider.open(withOptions("3.0", "es"));

        assertThat(readAll(stream), is(FakeAudio.pcmStream(16000, CHUNKS, CHUNK_MILLIS)));
        assertThat(fake.events().all(), hasItem("speed:http-1:1.2"));
        assertThat(fake.events().all(), hasItem("language:http-1:es"));
    }

    private static SynthesisRequest segment(String text) {
        return new SynthesisRequest(text, null, null, AudioFormat.pcm(16000), Map.of(), false);
    }

    private static SynthesisRequest withOptions(String speed, String language) {
        return new SynthesisRequest("Hello there, how are you?", null, null, AudioFormat.pcm(16000),
                                    Map.of(SynthesisRequest.SPEED, speed, SynthesisRequest.LANGUAGE, language));
    }

    /** The fake's tone runs on across a context's flushes: segment i is the i-th stretch of it. */
    private static byte[] segmentAudio(int index) {
        return FakeAudio.pcm(16000, (long) index * SAMPLES_PER_SEGMENT, SAMPLES_PER_SEGMENT);
    }
}
