package io.ttsgateway.session;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The outbound queue on a socket that can be held, as a client that stops reading holds a real one.
 */
class OutboundTest {

    private static final long TIMEOUT_SECONDS = 10;

    private final HeldSocket socket = new HeldSocket();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger overflows = new AtomicInteger();

    private Outbound outbound(long maxBytes) {
        return new Outbound(socket, maxBytes, failures::incrementAndGet, overflows::incrementAndGet);
    }

    @Test
    void framesAreWrittenInOrderOneAtATime() throws Exception {
        Outbound out = outbound(1024);
        Job job = new Job();
        out.text("error");
        out.audio(job, "start", new byte[3]);
        out.text(job, null, "timings");
        out.ping();
        out.pong(BufferData.create(new byte[] {1, 2}));
        out.close(1001, "bye");
        out.text("after close");

        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        assertThat(socket.writtenSoFar(), contains("text:error", "text:start", "binary:3", "text:timings", "ping",
                                                   "pong:2", "close:1001"));
        // Writers take turns (whoever finds the queue idle drains it); never two at once.
        assertThat(socket.mostAtOnce.get(), is(1));
        assertThat(out.stalledNanos(System.nanoTime()), is(0L));
    }

    @Test
    void controlMessagesAreWrittenByAnotherThreadSoTheReaderNeverWaits() throws Exception {
        Outbound out = outbound(1024);
        out.text("error");
        out.ping();
        out.pong(BufferData.create(new byte[] {1}));
        out.close(1000, "bye");

        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        assertThat(socket.writtenSoFar(), contains("text:error", "ping", "pong:1", "close:1000"));
        assertThat(socket.threads.contains(Thread.currentThread()), is(false));
    }

    @Test
    void aRequestsAudioIsWrittenByItsOwnThreadWhenNoWriteIsUnderWay() throws Exception {
        Outbound out = outbound(1024);
        Job job = new Job();

        assertThat(out.audio(job, "start", new byte[5]), is(true));

        // No hop: the frames are on the socket when audio() returns, written by the caller.
        assertThat(socket.writtenSoFar(), contains("text:start", "binary:5"));
        assertThat(socket.threads, contains(Thread.currentThread()));
        assertThat(out.stalledNanos(System.nanoTime()), is(0L));
    }

    @Test
    void cancelDropsTheQueuedFramesOfItsRequestOnly() throws Exception {
        Outbound out = outbound(1024);
        Job cancelled = new Job();
        Job other = new Job();
        socket.hold();
        out.text("first");
        socket.awaitEntered(); // the writer is stuck in "first"
        out.audio(cancelled, "start-c", new byte[1]);
        out.audio(other, "start-o", new byte[2]);
        out.audio(cancelled, null, new byte[4]);
        out.text("done-o");

        out.cancel(List.of(cancelled));
        assertThat("refused after the cancel", out.audio(cancelled, null, new byte[8]), is(false));
        socket.release();

        assertWrittenThenClosed(out, "text:first", "text:start-o", "binary:2", "text:done-o");
    }

    @Test
    void audioWaitsForRoomWhileControlMessagesGoPastTheBound() throws Exception {
        Outbound out = outbound(100);
        Job job = new Job();
        socket.hold();
        CompletableFuture<Boolean> writing = writingAudio(out, job, 80); // an empty queue takes any chunk
        CompletableFuture<Boolean> waiting = waitingForRoom(out, job, 50);

        assertThat("control never waits", out.text("done"), is(true));
        assertThat(out.pong(BufferData.create(new byte[125])), is(true));
        assertThat(waiting.isDone(), is(false));

        socket.release();
        assertThat(writing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), is(true));
        assertThat(waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), is(true));
        assertWrittenThenClosed(out, "binary:80", "text:done", "pong:125", "binary:50");
    }

    @Test
    void aCancelFreesAProducerWaitingForRoom() throws Exception {
        Outbound out = outbound(10);
        Job job = new Job();
        socket.hold();
        writingAudio(out, job, 10);
        CompletableFuture<Boolean> waiting = waitingForRoom(out, job, 10);

        out.cancel(List.of(job));

        assertThat(waiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), is(false));
    }

    @Test
    void controlMessagesPastTheReserveMeanTheClientIsNotReading() throws Exception {
        Outbound out = outbound(1000);
        socket.hold();
        out.text("stuck");
        socket.awaitEntered();
        int taken = 0;
        while (out.pong(BufferData.create(new byte[125]))) {
            taken++;
        }
        assertThat(overflows.get(), is(1));
        assertThat(taken, is((1000 + Outbound.CONTROL_RESERVE - "stuck".length()) / 127));
        assertThat(out.stalledNanos(System.nanoTime()), greaterThan(0L));
    }

    @Test
    void abortEndsAWriteBlockedOnTheSocket() throws Exception {
        Outbound out = outbound(1000);
        socket.hold();
        CompletableFuture<Boolean> writing = writingAudio(out, new Job(), 500);

        out.abort(); // the write is interrupted, as a virtual thread's blocked socket write is

        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        assertThat(out.state(), is(Outbound.State.CLOSED));
        assertThat(out.text("late"), is(false));
        assertThat(out.stalledNanos(System.nanoTime()), is(0L));
        assertThat(socket.writtenSoFar(), is(empty()));
        assertThat("queued before the abort", writing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), is(true));
    }

    @Test
    void aFailedWriteClosesTheQueueAndTellsTheSessionOnce() throws Exception {
        Outbound out = outbound(1000);
        socket.fail = true;
        out.text("a");
        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        assertThat(out.text("b"), is(false));
        assertThat(failures.get(), is(1));
    }

    @Test
    void discardDropsQueuedFramesButKeepsAQueuedClose() throws Exception {
        Outbound out = outbound(1000);
        socket.hold();
        out.text("a");
        socket.awaitEntered();
        out.text("b");
        out.discard();
        socket.release();
        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        assertThat(socket.writtenSoFar(), contains("text:a"));

        HeldSocket second = new HeldSocket();
        Outbound closing = new Outbound(second, 1000, () -> { }, () -> { });
        second.hold();
        closing.text("a");
        second.awaitEntered();
        closing.close(1001, "away");
        closing.discard();
        second.release();
        assertThat(closing.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        assertThat(second.writtenSoFar(), contains("text:a", "close:1001"));
    }

    /** Closes, and checks that these frames and then the close were written. */
    private void assertWrittenThenClosed(Outbound out, String... frames) throws InterruptedException {
        out.close(1000, "end");
        assertThat(out.awaitClosed(TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)), is(true));
        List<String> expected = new ArrayList<>(List.of(frames));
        expected.add("close:1000");
        assertThat(socket.writtenSoFar(), is(expected));
    }

    /**
     * Queues audio from another thread, as a session's delivery thread does, and returns once that
     * thread is inside the (held) socket write: it found the queue idle and writes itself.
     */
    private CompletableFuture<Boolean> writingAudio(Outbound out, Job job, int bytes) throws InterruptedException {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(out.audio(job, null, new byte[bytes]));
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
            }
        });
        socket.awaitEntered();
        return result;
    }

    /** Queues audio from another thread and returns once that thread waits for room. */
    private static CompletableFuture<Boolean> waitingForRoom(Outbound out, Job job, int bytes) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                result.complete(out.audio(job, null, new byte[bytes]));
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (producer.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the producer never waited for room");
            }
            Thread.onSpinWait();
        }
        return result;
    }

    /** A request whose frames a cancel purges. */
    private static final class Job implements Outbound.Owner {
        private volatile boolean cancelled;

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void markCancelled() {
            cancelled = true;
        }
    }

    /** Records frames; while held, a write blocks until released or interrupted, like a full TCP buffer. */
    private static final class HeldSocket implements WsSession {
        private final BlockingQueue<String> written = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> entered = new LinkedBlockingQueue<>();
        private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final AtomicInteger writing = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile boolean fail;

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS) != null, is(true));
        }

        List<String> writtenSoFar() {
            return new ArrayList<>(written);
        }

        private WsSession write(String frame) {
            threads.add(Thread.currentThread());
            mostAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
            try {
                entered.add(frame);
                if (fail) {
                    throw new UncheckedIOException(new SocketException("Broken pipe"));
                }
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new UncheckedIOException(new SocketException("Closed by interrupt"));
                }
                written.add(frame);
                return this;
            } finally {
                writing.decrementAndGet();
            }
        }

        @Override
        public WsSession send(String text, boolean last) {
            return write("text:" + text);
        }

        @Override
        public WsSession send(BufferData bufferData, boolean last) {
            return write("binary:" + bufferData.available());
        }

        @Override
        public WsSession ping(BufferData bufferData) {
            return write("ping");
        }

        @Override
        public WsSession pong(BufferData bufferData) {
            return write("pong:" + bufferData.available());
        }

        @Override
        public WsSession close(int code, String reason) {
            return write("close:" + code);
        }

        @Override
        public WsSession terminate() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketContext socketContext() {
            throw new UnsupportedOperationException();
        }
    }
}
