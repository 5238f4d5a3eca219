package io.ttsgateway.session.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ttsgateway.ScriptedStream;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ProviderRegistry;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.text.SegmentSchedule;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening a request's segments at its provider: the next one ahead as soon as its text is in, a
 * failure ahead left to the segment's own turn, and a fresh start at a fallback.
 */
class SegmentOpenerTest {

    private static final GatewayMetrics METRICS = new GatewayMetrics(() -> 0, () -> 0L);
    private static final RequestSpec SPEC = new RequestSpec(StreamsProvider.PCM, "voice-1", "model-1", Map.of(), false);

    private final StreamsProvider first = new StreamsProvider("first");
    private final StreamsProvider second = new StreamsProvider("second");
    private final ProviderSessions sessions = new ProviderSessions();
    private final Synthesizer synthesizer = new Synthesizer(
            new ProviderRegistry(List.of(first, second), "first", List.of("first", "second")), AudioCache.disabled(),
            METRICS, 0);
    private final FallbackPolicy fallback = new FallbackPolicy(first, List.of(second));
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final TextFeed feed = TextFeed.streamed(SegmentSchedule.parse("1"), 10_000, Duration.ofMinutes(5));
    private final SegmentOpener opener = new SegmentOpener(synthesizer, SPEC, feed, sessions, fallback, cancelled::get);

    @AfterEach
    void close() {
        opener.close();
        sessions.close();
    }

    @Test
    void theNextSegmentIsOpenedAheadOnceItsTextIsIn() throws Exception {
        first.next();
        first.next();
        feed.append("One. ");
        try (AudioSource one = opener.open(feed.next())) {
            opener.prepareNext();
            assertEquals(1, first.asked().size(), "no text ahead yet");
            feed.append("Two. ");
            opener.prepareNext();
            assertEquals(2, first.asked().size(), "opened while the first still plays");
            assertEquals("Two.", first.asked().get(1).text());
            opener.prepareNext();
            assertEquals(2, first.asked().size(), "one segment ahead at most");
        }
        assertEquals("Two.", opener.nextText());
        try (AudioSource two = opener.open("Two.")) {
            assertEquals(2, first.asked().size(), "the one opened ahead, not a new one");
        }
    }

    @Test
    void aWholeTextIsNotOpenedAhead() throws Exception {
        TextFeed whole = TextFeed.whole("One. Two.");
        SegmentOpener wholeOpener = new SegmentOpener(synthesizer, SPEC, whole, sessions, fallback, cancelled::get);
        first.next();
        try (AudioSource all = wholeOpener.open(whole.next())) {
            wholeOpener.prepareNext();
            assertEquals(List.of("One. Two."), first.asked().stream().map(r -> r.text()).toList());
        }
        assertNull(wholeOpener.nextText());
    }

    @Test
    void aFailureOpeningAheadIsToldAtTheSegmentsOwnTurn() throws Exception {
        first.next();
        ProviderException refusal = new ProviderException(ProviderErrorKind.UNAVAILABLE, "busy");
        first.refuseNext(refusal);
        first.refuseNext(refusal);
        feed.append("One. Two. ");
        try (AudioSource one = opener.open(feed.next())) {
            opener.prepareNext(); // refused, and kept quiet
        }
        String next = opener.nextText();
        assertEquals("Two.", next);
        assertSame(refusal, assertThrows(ProviderException.class, () -> opener.open(next)));
        assertEquals(3, first.asked().size(), "tried again in its turn");
    }

    @Test
    void afterAFallbackSegmentsGoToTheNextProviderWithItsOwnVoice() throws Exception {
        first.next();
        ScriptedStream openedAhead = first.next();
        second.next();
        feed.append("One. Two. ");
        String text = feed.next();
        try (AudioSource one = opener.open(text)) {
            opener.prepareNext();
        }
        assertTrue(fallback.fallBack(new ProviderException(ProviderErrorKind.UNAVAILABLE, "503"), false));
        opener.restart();
        assertTrue(openedAhead.isClosed(), "what was opened ahead at the failed provider is dropped");
        try (AudioSource again = opener.open(text)) {
            assertEquals(1, second.asked().size());
            assertEquals("One.", second.asked().getFirst().text());
            assertNull(second.asked().getFirst().voice());
            assertNull(second.asked().getFirst().model());
        }
        assertEquals("voice-1", first.asked().getFirst().voice());
    }

    @Test
    void abortStopsTheContinuationFromAnotherThread() throws Exception {
        ScriptedStream stream = first.next();
        feed.append("One. ");
        try (AudioSource one = opener.open(feed.next())) {
            Thread.ofVirtual().start(opener::abort).join();
            assertTrue(stream.awaitClosed(), "the segment in the continuation ended with it");
        }
    }
}
