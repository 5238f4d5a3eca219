package io.ttsgateway.cartesia;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.fakes.FakeAudio;
import io.ttsgateway.fakes.FakeBehavior.Failure;
import io.ttsgateway.fakes.FakeCartesia;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Streaming input through Cartesia continuations, against the fake over real sockets: one context per
 * utterance, a flush per segment, audio and timings per segment, and every way it can end.
 */
class CartesiaContinuationTest {

    private static final String KEY = "sk_car_TEST-continuation-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                                                                           Duration.ofSeconds(5));
    private static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofMillis(400),
                                                                       Duration.ofMillis(400));
    private static final AudioFormat PCM_24K = AudioFormat.pcm(24000);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> SEGMENTS = List.of("Sure! I can help with that.", " Your order shipped today,",
                                                         " and it should arrive on Friday.");

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
    void threeSegmentsGoToOneContextAndEachStreamHasExactlyItsOwnAudio() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        List<AudioStream> streams = new ArrayList<>();
        for (String text : SEGMENTS) {
            streams.add(continuation.open(segment(text)));
        }
        continuation.finish();
        for (int i = 0; i < streams.size(); i++) {
            try (AudioStream stream = streams.get(i)) {
                assertThat(stream.format(), is(PCM_24K));
                assertArrayEquals(segmentAudio(i), readAll(stream).audio(), "segment " + i);
            }
        }
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("done:" + context, WAIT);
        assertThat(fake.events().count("request:"), is(1));
        assertThat(fake.events().count("connect"), is(1));
        assertThat(fake.events().count("rejected:"), is(0));

        // Cartesia's rules: three inputs with continue true, each flushed, then the final input;
        // every field but transcript, continue and flush the same throughout.
        List<JsonNode> inputs = inputs();
        assertThat(inputs.size(), is(7));
        for (int i = 0; i < SEGMENTS.size(); i++) {
            JsonNode input = inputs.get(2 * i);
            JsonNode flush = inputs.get(2 * i + 1);
            // Segments come trimmed; a trailing space keeps words of two segments apart.
            assertThat(input.path("transcript").asText(), is(CartesiaContinuation.spaced(SEGMENTS.get(i))));
            assertThat(input.path("transcript").asText().endsWith(" "), is(true));
            assertThat(input.path("continue").asBoolean(), is(true));
            assertThat(input.has("flush"), is(false));
            assertThat(flush.path("transcript").asText(), is(""));
            assertThat(flush.path("continue").asBoolean(), is(true));
            assertThat(flush.path("flush").asBoolean(), is(true));
        }
        JsonNode last = inputs.getLast();
        assertThat(last.path("transcript").asText(), is(""));
        assertThat(last.path("continue").asBoolean(true), is(false));
        for (JsonNode input : inputs) {
            assertThat(input.path("context_id").asText(), is(context));
            assertThat(fixedFields(input), is(fixedFields(inputs.getFirst())));
        }
        for (int flush = 1; flush <= SEGMENTS.size(); flush++) {
            fake.events().await("flush_done:" + context + " " + flush, WAIT);
        }
    }

    @Test
    void aSegmentSentBeforeThePreviousWasReadIsRoutedByItsFlushId() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        AudioStream first = continuation.open(segment(SEGMENTS.get(0)));
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        // Both segments' audio has arrived and waits in the streams before anything is read.
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("flush_done:" + context + " 2", WAIT);
        try (first; second) {
            assertArrayEquals(segmentAudio(0), readAll(first).audio());
            assertArrayEquals(segmentAudio(1), readAll(second).audio());
        }
        AudioStream third = continuation.open(segment(SEGMENTS.get(2)));
        continuation.finish();
        try (third) {
            assertArrayEquals(segmentAudio(2), readAll(third).audio());
        }
        fake.events().await("done:" + context, WAIT);
        assertThat(fake.events().count("request:"), is(1));
    }

    @ParameterizedTest(name = "first flush_id {0}, chunks tagged {1}, timestamps per flush {2}")
    @CsvSource({"1, true, false", "0, true, false", "1, false, false", "0, false, true", "1, true, true"})
    void segmentsStayApartWhateverTheUnconfirmedFlushDetails(int firstId, boolean tagged, boolean perFlush)
            throws Exception {
        fake.flushVariant(firstId, tagged, perFlush);
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        List<String> texts = List.of("one two three four five", " six seven eight nine ten", " a b c d e");
        List<AudioStream> streams = new ArrayList<>();
        for (String text : texts) {
            streams.add(continuation.open(new SynthesisRequest(text, null, null, PCM_24K, Map.of(), true)));
        }
        continuation.finish();
        for (int i = 0; i < texts.size(); i++) {
            Result result;
            try (AudioStream stream = streams.get(i)) {
                result = readAll(stream);
            }
            assertArrayEquals(segmentAudio(i), result.audio(), "segment " + i);
            List<Long> starts = new ArrayList<>();
            List<String> words = new ArrayList<>();
            result.alignments().forEach(alignment -> {
                words.addAll(alignment.words());
                starts.addAll(alignment.startMs());
            });
            assertThat(words, is(List.of(texts.get(i).strip().split(" "))));
            assertThat("segment " + i, starts, is(List.of(0L, 100L, 200L, 300L, 400L)));
        }
        fake.events().await("done:", WAIT);
    }

    @Test
    void closingMidStreamCancelsTheContextAndUnblocksABlockedRead() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(50));
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        AudioStream stream = continuation.open(segment(SEGMENTS.get(0)));
        AudioStream next = continuation.open(segment(SEGMENTS.get(1)));
        CountDownLatch firstRead = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                stream.read();
                firstRead.countDown();
                while (stream.read() != null) {
                    // reads until the close ends the stream
                }
                outcome.set("end");
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        assertThat(firstRead.await(WAIT.toSeconds(), TimeUnit.SECONDS), is(true));
        continuation.close();
        reader.join(WAIT);
        assertThat(reader.isAlive(), is(false));
        assertThat(outcome.get(), is("end"));
        assertThat(next.read(), is(nullValue()));
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("cancel:" + context, WAIT);
        fake.events().await("stopped:" + context, WAIT);
        assertThat(fake.events().count("done:" + context), is(0));
        assertThrows(InterruptedException.class, () -> continuation.open(segment(SEGMENTS.get(2))));
        continuation.close(); // idempotent

        // The socket serves on.
        fake.behavior().chunks(5);
        try (AudioStream after = session.open(segment(SEGMENTS.get(2)))) {
            assertArrayEquals(FakeAudio.pcmStream(24000, 5, 100), readAll(after).audio());
        }
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void finishEndsTheContextWithDoneAndNoSegmentMayFollow() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        AudioStream only = continuation.open(segment(SEGMENTS.get(0)));
        continuation.finish();
        continuation.finish(); // once is enough
        try (only) {
            assertArrayEquals(segmentAudio(0), readAll(only).audio());
        }
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("end:" + context, WAIT);
        fake.events().await("done:" + context, WAIT);
        assertThat(fake.events().count("end:"), is(1));
        assertThrows(IllegalStateException.class, () -> continuation.open(segment(SEGMENTS.get(1))));
        continuation.close();
        // Done already ended the context: nothing to cancel.
        assertThat(fake.events().count("cancel:"), is(0));

        Continuation empty = continuation(session);
        empty.finish();
        empty.close();
        assertThat(fake.events().count("request:"), is(1));
    }

    static Stream<Arguments> failures() {
        return Stream.of(Arguments.of(Failure.UNAUTHORIZED, ProviderErrorKind.AUTH_FAILED),
                         Arguments.of(Failure.RATE_LIMITED, ProviderErrorKind.RATE_LIMITED),
                         Arguments.of(Failure.SERVER_ERROR, ProviderErrorKind.UNAVAILABLE),
                         Arguments.of(Failure.DROP_MID_STREAM, ProviderErrorKind.UNAVAILABLE),
                         Arguments.of(Failure.STALL_BEFORE_AUDIO, ProviderErrorKind.TIMEOUT),
                         Arguments.of(Failure.STALL_MID_STREAM, ProviderErrorKind.TIMEOUT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailingSegmentFailsItsStreamAndTheUtterance(Failure failure, ProviderErrorKind kind) throws Exception {
        ProviderSession session = session(kind == ProviderErrorKind.TIMEOUT ? SHORT : TIMEOUTS);
        Continuation continuation = continuation(session);
        hearFirstSegment(continuation);
        // The second segment fails; the third, sent before the second was read, cannot follow it.
        fake.behavior().failNext(failure);
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        AudioStream third;
        try {
            third = continuation.open(segment(SEGMENTS.get(2)));
        } catch (ProviderException alreadyFailed) {
            third = null; // Cartesia's error came before the third segment was sent
        }
        ProviderException e;
        try (second) {
            e = assertThrows(ProviderException.class, () -> readAll(second));
        }
        assertThat(e.kind(), is(kind));
        assertThat(e.getMessage(), not(containsString(KEY)));
        if (third != null) {
            try (AudioStream sentAnyway = third) {
                assertThrows(ProviderException.class, () -> readAll(sentAnyway));
            }
        }
        ProviderException after = assertThrows(ProviderException.class,
                                               () -> continuation.open(segment("One more thing.")));
        // An error of Cartesia's stays the utterance's failure; a timed-out segment closed by its
        // reader gives the utterance up.
        assertThat(after.kind(), is(kind == ProviderErrorKind.TIMEOUT ? ProviderErrorKind.SYNTHESIS_FAILED : kind));
        continuation.close();
        String context = contextOf(fake.events().await("request:", WAIT));
        if (kind == ProviderErrorKind.TIMEOUT) {
            // The gateway gave up on the utterance: Cartesia must stop generating it.
            fake.events().await("cancel:" + context, WAIT);
        }

        // The session serves the next utterance.
        Continuation next = continuation(session);
        AudioStream stream = next.open(segment(SEGMENTS.get(0)));
        next.finish();
        try (stream) {
            assertArrayEquals(segmentAudio(0), readAll(stream).audio());
        }
    }

    @Test
    void aFirstSegmentRefusedByCartesiaIsAProviderException() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        fake.behavior().failNext(Failure.RATE_LIMITED);
        try (AudioStream first = continuation.open(segment(SEGMENTS.get(0)))) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(first));
            assertThat(e.kind(), is(ProviderErrorKind.RATE_LIMITED));
            assertThat(e.providerStatus(), is(429));
        }
        ProviderException again = assertThrows(ProviderException.class,
                                               () -> continuation.open(segment(SEGMENTS.get(1))));
        assertThat(again.kind(), is(ProviderErrorKind.RATE_LIMITED));
    }

    @Test
    void wordTimingsOfEachSegmentCountFromItsOwnStart() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        List<String> texts = List.of("one two three four five", " six seven eight nine ten");
        List<AudioStream> streams = new ArrayList<>();
        for (String text : texts) {
            streams.add(continuation.open(new SynthesisRequest(text, null, null, PCM_24K, Map.of(), true)));
        }
        continuation.finish();
        long segmentMillis = (long) fake.behavior().chunks() * fake.behavior().chunkMillis();
        for (int i = 0; i < texts.size(); i++) {
            Result result;
            try (AudioStream stream = streams.get(i)) {
                result = readAll(stream);
            }
            List<String> words = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            for (WordAlignment alignment : result.alignments()) {
                words.addAll(alignment.words());
                starts.addAll(alignment.startMs());
                ends.addAll(alignment.endMs());
            }
            assertThat(words, is(List.of(texts.get(i).strip().split(" "))));
            // Five words over the segment's 500 ms: 0-100, 100-200, ... 400-500, whichever segment.
            for (int w = 0; w < words.size(); w++) {
                assertThat("segment " + i + " word " + w, starts.get(w), is(w * segmentMillis / words.size()));
                assertThat("segment " + i + " word " + w, ends.get(w), is((w + 1) * segmentMillis / words.size()));
            }
        }
        // The fake counted the second segment's words from the start of the context.
        assertThat(inputs().getFirst().path("add_timestamps").asBoolean(), is(true));
    }

    @Test
    void languageAndSpeedReachEveryInputOfTheContext() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        Map<String, String> settings = Map.of(SynthesisRequest.LANGUAGE, "pt-BR", SynthesisRequest.SPEED, "1.3");
        List<AudioStream> streams = new ArrayList<>();
        for (String text : List.of("Olá!", " Tudo bem?")) {
            streams.add(continuation.open(new SynthesisRequest(text, null, "sonic-3", PCM_24K, settings)));
        }
        continuation.finish();
        for (AudioStream stream : streams) {
            try (stream) {
                readAll(stream);
            }
        }
        assertThat(fake.events().await("request:", WAIT), containsString(" model=sonic-3 "));
        List<JsonNode> inputs = inputs();
        assertThat(inputs.size(), is(5));
        for (JsonNode input : inputs) {
            assertThat(input.path("language").asText(), is("pt"));
            assertThat(input.path("generation_config").path("speed").asDouble(), is(1.3));
            assertThat(input.has("speed"), is(false));
        }
    }

    @Test
    void aSegmentWithOtherSettingsThanTheFirstIsRefused() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        AudioStream first = continuation.open(segment(SEGMENTS.get(0)));
        ProviderException e = assertThrows(ProviderException.class, () -> continuation.open(new SynthesisRequest(
                SEGMENTS.get(1), null, null, PCM_24K, Map.of(SynthesisRequest.SPEED, "1.2"))));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        continuation.finish();
        try (first) {
            assertArrayEquals(segmentAudio(0), readAll(first).audio());
        }
        assertThat(fake.events().count("rejected:"), is(0));
    }

    @Test
    void anUnsupportedLanguageIsInvalidBeforeAnythingIsSent() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        SynthesisRequest arabic = new SynthesisRequest("مرحبا", null, null, PCM_24K,
                                                       Map.of(SynthesisRequest.LANGUAGE, "ar"));
        ProviderException e = assertThrows(ProviderException.class, () -> continuation.open(arabic));
        assertThat(e.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(e.getMessage(), containsString("'ar'"));
        assertThat(e.getMessage(), containsString(CartesiaSettings.DEFAULT_VERSION));
        ProviderException whole = assertThrows(ProviderException.class, () -> session.open(arabic));
        assertThat(whole.kind(), is(ProviderErrorKind.INVALID_REQUEST));
        assertThat(fake.events().count("connect"), is(0));
    }

    @Test
    void aSegmentAfterTheContextWentQuietGoesToAFreshContext() throws Exception {
        // The fake expires contexts soon after their audio, past the client's reuse limit.
        fake.contextExpiry(CartesiaContext.REUSE_LIMIT.plusMillis(200));
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        hearFirstSegment(continuation);
        String firstContext = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("expired:" + firstContext, WAIT);
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        continuation.finish();
        try (second) {
            // A new context starts a new tone.
            assertArrayEquals(segmentAudio(0), readAll(second).audio());
        }
        assertThat(fake.events().count("request:"), is(2));
        assertThat(fake.events().count("rejected:"), is(0));
        assertThat(fake.events().count("connect"), is(1));
    }

    @Test
    void aSegmentAfterTheSocketDroppedBetweenSegmentsGoesToAFreshSocket() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        hearFirstSegment(continuation);
        fake.dropConnections();
        fake.events().await("dropped", WAIT);
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        continuation.finish();
        try (second) {
            assertArrayEquals(segmentAudio(0), readAll(second).audio());
        }
        assertThat(fake.events().count("connect"), is(2));
    }

    @Test
    void segmentsAfterOnesMovedOffALostSocketFollowThemAndTheFinishReachesTheNewContext() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        hearFirstSegment(continuation);
        String lost = contextOf(fake.events().await("request:", WAIT));
        // The socket dies, after serving the first segment, on the second segment's input: that one
        // is open on the context without audio, so it moves to a new context on a new socket.
        fake.closeOnNextRequest();
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        fake.events().await("closed-on-request:" + lost, WAIT);
        fake.events().awaitCount("request:", 2, WAIT); // the move is done: the new context has the second segment
        String moved = contextOf(fake.events().all().stream().filter(event -> event.startsWith("request:"))
                                         .toList().get(1));
        assertThat(moved, not(is(lost)));

        // The lost context's error is settled by the move: a later segment goes on the new context.
        AudioStream third = continuation.open(segment(SEGMENTS.get(2)));
        continuation.finish();
        try (second; third) {
            // The new context's tone starts again with the moved segment.
            assertArrayEquals(segmentAudio(0), readAll(second).audio());
            assertArrayEquals(segmentAudio(1), readAll(third).audio());
        }
        fake.events().await("end:" + moved, WAIT);
        fake.events().await("done:" + moved, WAIT);
        List<JsonNode> onMoved = inputs().stream().filter(input -> input.path("context_id").asText().equals(moved))
                .toList();
        assertThat(onMoved.size(), is(5)); // the two segments' inputs and flushes, then the final input
        assertThat(onMoved.get(0).path("transcript").asText(), is(CartesiaContinuation.spaced(SEGMENTS.get(1))));
        assertThat(onMoved.get(2).path("transcript").asText(), is(CartesiaContinuation.spaced(SEGMENTS.get(2))));
        assertThat(onMoved.getLast().path("continue").asBoolean(true), is(false));
        assertThat(fake.events().count("request:"), is(2));
        assertThat(fake.events().count("connect"), is(2));
        assertThat(fake.events().count("rejected:"), is(0));
    }

    @Test
    void anUtteranceCrossingTheIdleCloseOfAReusedSocketIsSentOnceMore() throws Exception {
        ProviderSession session = session(TIMEOUTS);
        try (AudioStream warmup = session.open(segment(SEGMENTS.get(0)))) {
            readAll(warmup);
        }
        fake.closeOnNextRequest();
        Continuation continuation = continuation(session);
        AudioStream first = continuation.open(segment(SEGMENTS.get(0)));
        fake.events().await("closed-on-request:", WAIT);
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        continuation.finish();
        try (first; second) {
            assertArrayEquals(segmentAudio(0), readAll(first).audio());
            assertArrayEquals(segmentAudio(1), readAll(second).audio());
        }
        assertThat(fake.events().count("connect"), is(2));
        assertThat(fake.events().count("request:"), is(2)); // the warm-up and the resent utterance
    }

    @Test
    void aSegmentClosedEarlyByItsReaderGivesTheUtteranceUp() throws Exception {
        fake.behavior().chunks(200).chunkInterval(Duration.ofMillis(50));
        ProviderSession session = session(TIMEOUTS);
        Continuation continuation = continuation(session);
        AudioStream first = continuation.open(segment(SEGMENTS.get(0)));
        AudioStream second = continuation.open(segment(SEGMENTS.get(1)));
        assertThat(first.read(), not(nullValue()));
        first.close();
        String context = contextOf(fake.events().await("request:", WAIT));
        fake.events().await("cancel:" + context, WAIT);
        try (second) {
            ProviderException e = assertThrows(ProviderException.class, () -> readAll(second));
            assertThat(e.kind(), is(ProviderErrorKind.SYNTHESIS_FAILED));
        }
        assertThrows(ProviderException.class, () -> continuation.open(segment(SEGMENTS.get(2))));
    }

    private ProviderSession session(ProviderTimeouts timeouts) {
        CartesiaProvider provider = new CartesiaProvider(new CartesiaSettings(KEY, URI.create(fake.baseUrl()), null,
                                                                              null, null, timeouts));
        toClose.add(provider);
        ProviderSession session = provider.openSession();
        toClose.add(session);
        return session;
    }

    private Continuation continuation(ProviderSession session) {
        Continuation continuation = session.openContinuation();
        toClose.add(continuation);
        return continuation;
    }

    private static SynthesisRequest segment(String text) {
        return new SynthesisRequest(text, null, null, PCM_24K, Map.of());
    }

    /** The tone of segment {@code index} of a context: its chunks continue where the previous segment ended. */
    private byte[] segmentAudio(int index) {
        int samples = fake.behavior().chunks() * FakeAudio.samplesPerChunk(24000, fake.behavior().chunkMillis());
        return FakeAudio.pcm(24000, (long) index * samples, samples);
    }

    private List<JsonNode> inputs() throws Exception {
        List<JsonNode> parsed = new ArrayList<>();
        for (String input : fake.inputs()) {
            parsed.add(MAPPER.readTree(input));
        }
        return parsed;
    }

    private static JsonNode fixedFields(JsonNode input) {
        ObjectNode copy = input.deepCopy();
        copy.remove(List.of("transcript", "continue", "flush"));
        return copy;
    }

    private static String contextOf(String event) {
        String rest = event.substring(event.indexOf(':') + 1);
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
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

    /** Opens the utterance's first segment and hears it whole. */
    private void hearFirstSegment(Continuation continuation) throws Exception {
        try (AudioStream first = continuation.open(segment(SEGMENTS.get(0)))) {
            assertArrayEquals(segmentAudio(0), readAll(first).audio());
        }
    }
}
