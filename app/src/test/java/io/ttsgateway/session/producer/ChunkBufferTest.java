package io.ttsgateway.session.producer;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.ttsgateway.Threads;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.producer.ChunkBuffer.Event;
import io.ttsgateway.session.producer.ChunkBuffer.Kind;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buffer between a request's synthesis thread and the delivery thread: order, the byte bound,
 * and the terminal events. The producer runs on a thread of the test; blocking is shown by the
 * thread's state, never by a sleep.
 */
class ChunkBufferTest {

    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);
    private static final long TINY = TimeUnit.MILLISECONDS.toNanos(1);
    private static final WordAlignment WORDS = new WordAlignment(List.of("hi"), List.of(0L), List.of(100L));

    @Test
    void audioAndTimingsComeOutInOrderThenTheEnd() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1024);
        assertTrue(buffer.put(bytes(1, 3)));
        assertTrue(buffer.align(WORDS));
        assertTrue(buffer.put(bytes(2, 5)));
        buffer.end();

        Event first = buffer.take(WAIT);
        assertEquals(Kind.AUDIO, first.kind());
        assertArrayEquals(bytes(1, 3), first.chunk());
        Event timing = buffer.take(WAIT);
        assertEquals(Kind.ALIGNMENT, timing.kind());
        assertSame(WORDS, timing.alignment());
        Event second = buffer.take(WAIT);
        assertEquals(Kind.AUDIO, second.kind());
        assertArrayEquals(bytes(2, 5), second.chunk());
        assertEquals(Kind.END, buffer.take(WAIT).kind(), "the end comes after every chunk before it");
    }

    @Test
    void aFullBufferHoldsTheProducerUntilTheConsumerTakes() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(4);
        assertTrue(buffer.put(bytes(1, 4)), "a chunk fits while the buffer is below its bound");
        AtomicReference<Object> accepted = new AtomicReference<>();
        Thread producer = Threads.blockedCall("producer", () -> buffer.put(bytes(2, 4)), accepted);
        assertNull(accepted.get(), "the second chunk waits while 4 bytes of 4 are held");

        assertArrayEquals(bytes(1, 4), buffer.take(WAIT).chunk());
        Threads.awaitFinished(producer);
        assertEquals(Boolean.TRUE, accepted.get());
        assertArrayEquals(bytes(2, 4), buffer.take(WAIT).chunk());
    }

    @Test
    void timingsWaitForRoomToo() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(2);
        assertTrue(buffer.put(bytes(1, 2)));
        AtomicReference<Object> accepted = new AtomicReference<>();
        Thread producer = Threads.blockedCall("producer", () -> buffer.align(WORDS), accepted);
        assertNull(accepted.get());
        assertEquals(Kind.AUDIO, buffer.take(WAIT).kind());
        Threads.awaitFinished(producer);
        assertEquals(Boolean.TRUE, accepted.get());
        assertEquals(Kind.ALIGNMENT, buffer.take(WAIT).kind());
    }

    @Test
    void cancelWakesABlockedProducerAndItStops() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1);
        assertTrue(buffer.put(bytes(1, 1)));
        AtomicReference<Object> accepted = new AtomicReference<>();
        Thread producer = Threads.blockedCall("producer", () -> buffer.put(bytes(2, 1)), accepted);

        buffer.cancel();
        Threads.awaitFinished(producer);
        assertEquals(Boolean.FALSE, accepted.get(), "put says stop producing");
        assertFalse(buffer.put(bytes(3, 1)), "every later put says so too");
        assertFalse(buffer.align(WORDS));
    }

    @Test
    void cancelOvertakesPendingAudioAndTheEnd() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1024);
        buffer.put(bytes(1, 8));
        buffer.end();
        buffer.cancel();
        assertEquals(Kind.CANCELLED, buffer.take(WAIT).kind(), "the pending chunk is dropped");
        assertEquals(Kind.CANCELLED, buffer.take(WAIT).kind(), "and stays the answer");
    }

    @Test
    void aFailureComesAfterThePendingAudio() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1024);
        GatewayError error = GatewayError.of(ErrorCode.PROVIDER_UNAVAILABLE, "gone");
        buffer.put(bytes(1, 2));
        buffer.fail(error);
        assertEquals(Kind.AUDIO, buffer.take(WAIT).kind());
        Event failed = buffer.take(WAIT);
        assertEquals(Kind.FAILED, failed.kind());
        assertSame(error, failed.error());
    }

    @Test
    void onlyTheFirstTerminalEventCounts() throws InterruptedException {
        ChunkBuffer ended = new ChunkBuffer(1024);
        ended.end();
        ended.fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "late"));
        ended.end();
        assertEquals(Kind.END, ended.take(WAIT).kind());

        ChunkBuffer failed = new ChunkBuffer(1024);
        failed.fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "first"));
        failed.end();
        failed.fail(GatewayError.of(ErrorCode.PROVIDER_TIMEOUT, "second"));
        Event event = failed.take(WAIT);
        assertEquals(Kind.FAILED, event.kind());
        assertEquals("first", event.error().message());
    }

    @Test
    void takeAfterTheTerminalEventReturnsItAgainWithoutWaiting() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1024);
        buffer.put(bytes(1, 1));
        buffer.end();
        assertEquals(Kind.AUDIO, buffer.take(WAIT).kind());
        assertEquals(Kind.END, buffer.take(WAIT).kind());
        // The terminal event is sticky: no chunk again, no STALLED, no wait even with a long timeout.
        assertEquals(Kind.END, buffer.take(WAIT).kind());
        assertEquals(Kind.END, buffer.take(0).kind());
    }

    @Test
    void nothingWithinTheTimeoutIsAStall() throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1024);
        assertEquals(Kind.STALLED, buffer.take(TINY).kind());
        assertEquals(Kind.STALLED, buffer.take(0).kind());
        buffer.put(bytes(1, 1));
        assertEquals(Kind.AUDIO, buffer.take(0).kind(), "a stall does not lose what arrives later");
        assertEquals(Kind.STALLED, buffer.take(TINY).kind());
    }

    @Test
    void aWaitingConsumerIsWokenByCancelAndByTheEnd() throws InterruptedException {
        assertEquals(Kind.CANCELLED, takenWhenWoken(ChunkBuffer::cancel).kind());
        assertEquals(Kind.END, takenWhenWoken(ChunkBuffer::end).kind());
    }

    @Test
    void anInterruptedProducerOrConsumerThrows() {
        ChunkBuffer buffer = new ChunkBuffer(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> buffer.take(WAIT));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> buffer.put(bytes(1, 1)));
    }

    /** What a consumer waiting on an empty buffer takes when {@code wake} happens. */
    private static Event takenWhenWoken(Consumer<ChunkBuffer> wake) throws InterruptedException {
        ChunkBuffer buffer = new ChunkBuffer(1024);
        AtomicReference<Object> taken = new AtomicReference<>();
        Thread consumer = Threads.blockedCall("consumer", () -> buffer.take(WAIT), taken);
        wake.accept(buffer);
        Threads.awaitFinished(consumer);
        return (Event) taken.get();
    }

    private static byte[] bytes(int value, int length) {
        byte[] chunk = new byte[length];
        Arrays.fill(chunk, (byte) value);
        return chunk;
    }
}
