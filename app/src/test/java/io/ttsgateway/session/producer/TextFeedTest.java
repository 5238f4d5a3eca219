package io.ttsgateway.session.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.ttsgateway.Threads;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.text.Segmenter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text of one request as segments: a whole text, streamed input cut by the {@link Segmenter},
 * the character limit, the idle timeout, and the ways a waiting synthesis thread is woken.
 */
class TextFeedTest {

    /** Every sentence end cuts (as SegmenterTest's EVERY_END rows). */
    private static final SegmentSchedule EVERY_END = SegmentSchedule.parse("1");
    private static final Duration LONG = Duration.ofMinutes(5);

    @Test
    void aWholeTextIsOneSegmentThatIsThereFromTheStart() throws Exception {
        String text = "Hello there. This is one request. It is not cut.";
        TextFeed feed = TextFeed.whole(text);
        assertFalse(feed.streamed());
        assertFalse(feed.open(), "a whole text takes no more text");
        assertEquals(text, feed.next());
        assertNull(feed.next(), "then the text has ended");
        assertNull(feed.poll());

        TextFeed polled = TextFeed.whole(text);
        assertEquals(text, polled.poll());
        assertNull(polled.poll());
        assertNull(polled.next());
    }

    @Test
    void aWholeTextTakesNoAppendFlushOrEnd() {
        TextFeed feed = TextFeed.whole("Hi.");
        assertEquals(ErrorCode.INVALID_MESSAGE, assertThrows(ProtocolException.class, () -> feed.append("x"))
                .error().code());
        assertThrows(ProtocolException.class, feed::flush);
        assertThrows(ProtocolException.class, feed::end);
        assertEquals("Hi.", feed.poll(), "the refused calls did not touch the text");
    }

    @Test
    void streamedTextIsCutWhereTheSegmenterCuts() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, LONG);
        assertTrue(feed.streamed());
        assertTrue(feed.open());
        feed.append("Dr");
        feed.append(". Smith is here");
        assertNull(feed.poll(), "no sentence end yet: Dr. is no end");
        feed.append(".");
        assertNull(feed.poll(), "a period is decided only when the whitespace arrives");
        feed.append(" He will see you now. ");
        assertEquals("Dr. Smith is here.", feed.poll());
        assertEquals("He will see you now.", feed.poll());
        assertNull(feed.poll());
        feed.append("Bye");
        feed.end();
        assertFalse(feed.open());
        assertEquals("Bye", feed.next(), "the end makes what is buffered the last segment");
        assertNull(feed.next(), "then the text has ended");
    }

    @Test
    void theSegmentsAreTheSegmentersWhateverThePieces() throws Exception {
        String text = "Sure! Let me check that for you. It is ready. Your order ships today. It arrives on Monday. "
                + "Thanks for waiting! Anything else? Bye now.";
        Segmenter segmenter = new Segmenter(SegmentSchedule.DEFAULT);
        List<String> expected = new ArrayList<>(segmenter.append(text));
        segmenter.flush().ifPresent(expected::add);

        TextFeed feed = TextFeed.streamed(SegmentSchedule.DEFAULT, 10_000, LONG);
        for (int at = 0; at < text.length(); at += 7) {
            feed.append(text.substring(at, Math.min(text.length(), at + 7)));
        }
        feed.end();
        List<String> segments = new ArrayList<>();
        for (String segment = feed.next(); segment != null; segment = feed.next()) {
            segments.add(segment);
        }
        assertEquals(expected, segments);
        assertEquals(3, segments.size(), "as SegmenterTest's 'short sentences merge' row");
    }

    @Test
    void aFlushMakesWhatIsBufferedASegmentNow() throws Exception {
        TextFeed feed = TextFeed.streamed(SegmentSchedule.DEFAULT, 10_000, LONG);
        feed.append("Hi there");
        assertNull(feed.poll());
        feed.flush();
        assertEquals("Hi there", feed.poll());
        feed.flush();
        assertNull(feed.poll(), "a flush of nothing is no segment");
        assertTrue(feed.open(), "a flush does not end the text");
        feed.append("More");
        feed.end();
        assertEquals("More", feed.poll());
    }

    @Test
    void nextWaitsForTextAndSaysItIsWaitingForInput() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, LONG);
        AtomicReference<Object> taken = new AtomicReference<>();
        Thread synthesis = waitingNext(feed, taken);
        assertTrue(feed.awaitingInput());
        assertNull(taken.get());

        feed.append("Hello");
        assertNull(taken.get(), "no segment is complete yet");
        feed.append(". Then");
        Threads.awaitFinished(synthesis);
        assertEquals("Hello.", taken.get());
        assertFalse(feed.awaitingInput());
    }

    @Test
    void textBeyondTheLimitIsRefusedWithoutEndingTheRequest() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10, LONG);
        feed.append("\uD83D\uDE00\uD83D\uDE00 abc"); // 6 characters: an emoji is one
        ProtocolException refused = assertThrows(ProtocolException.class, () -> feed.append("defgh"));
        assertEquals(ErrorCode.TEXT_TOO_LONG, refused.error().code());
        assertTrue(feed.open(), "the caller reports the error, then fails the request");
        feed.append("defg");
        assertThrows(ProtocolException.class, () -> feed.append("x"));
        feed.end();
        assertEquals("\uD83D\uDE00\uD83D\uDE00 abcdefg", feed.next(), "the refused text is not in it");
    }

    @Test
    void noInputWithinTheIdleTimeoutFailsTheRequest() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, Duration.ofMillis(1));
        ProtocolException timedOut = assertThrows(ProtocolException.class, feed::next);
        assertEquals(ErrorCode.INPUT_TIMEOUT, timedOut.error().code());
        assertFalse(feed.open());
        assertEquals(ErrorCode.INPUT_TIMEOUT, assertThrows(ProtocolException.class, feed::next).error().code(),
                     "and stays failed");
        assertThrows(ProtocolException.class, () -> feed.append("late"));
    }

    @Test
    void anEndedFeedDoesNotTimeOut() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, Duration.ofNanos(1));
        feed.append("Hi");
        feed.end();
        assertEquals("Hi", feed.next());
        assertNull(feed.next());
    }

    @Test
    void stopWakesAWaitingSynthesisForGood() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, LONG);
        assertInstanceOf(InterruptedException.class, nextWhenWoken(feed, TextFeed::stop));
        assertFalse(feed.open());
        assertThrows(ProtocolException.class, () -> feed.append("Hi. "));
        assertThrows(InterruptedException.class, feed::next);
        assertNull(feed.poll());
    }

    @Test
    void stopDropsSegmentsNotTakenYet() {
        TextFeed feed = TextFeed.whole("Hi.");
        feed.stop();
        assertNull(feed.poll());
        assertThrows(InterruptedException.class, feed::next);
    }

    @Test
    void aFailureReachesTheWaitingSynthesis() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, LONG);
        Object taken = nextWhenWoken(feed, woken -> woken.fail(GatewayError.of(ErrorCode.TEXT_TOO_LONG, "too much")));
        ProtocolException failed = assertInstanceOf(ProtocolException.class, taken);
        assertEquals(ErrorCode.TEXT_TOO_LONG, failed.error().code());
        assertEquals("too much", failed.error().message());
        assertFalse(feed.open());
    }

    @Test
    void aFailureDropsSegmentsNotTakenYet() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, LONG);
        feed.append("One. Two. ");
        feed.fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "stop"));
        assertNull(feed.poll());
        assertEquals(ErrorCode.SYNTHESIS_FAILED, assertThrows(ProtocolException.class, feed::next).error().code());
    }

    @Test
    void nothingIsTakenAfterTheEnd() throws Exception {
        TextFeed feed = TextFeed.streamed(EVERY_END, 10_000, LONG);
        feed.append("Hi. ");
        feed.end();
        assertEquals(ErrorCode.INVALID_MESSAGE, assertThrows(ProtocolException.class, () -> feed.append("More."))
                .error().code());
        assertThrows(ProtocolException.class, feed::flush);
        assertThrows(ProtocolException.class, feed::end);
        assertEquals("Hi.", feed.next());
        assertNull(feed.next());
    }

    /** Starts a synthesis thread's {@code next()} and returns once it waits for text. */
    private static Thread waitingNext(TextFeed feed, AtomicReference<Object> taken) {
        Thread synthesis = Threads.blockedCall("synthesis", feed::next, taken);
        return synthesis;
    }

    /** What a waiting {@code next()} returns or throws when {@code wake} happens. */
    private static Object nextWhenWoken(TextFeed feed, Consumer<TextFeed> wake) throws InterruptedException {
        AtomicReference<Object> taken = new AtomicReference<>();
        Thread synthesis = waitingNext(feed, taken);
        wake.accept(feed);
        Threads.awaitFinished(synthesis);
        return taken.get();
    }
}
