package io.ttsgateway.session.producer;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.protocol.GatewayError;

/**
 * Audio (and word timings) of one request between its synthesis thread and the session's delivery
 * thread: bounded in bytes, so a request synthesized ahead cannot hold unbounded memory, and ended
 * by exactly one of end, failure or cancel.
 */
public final class ChunkBuffer implements AudioSink {

    /** What the delivery thread takes. */
    public enum Kind { AUDIO, ALIGNMENT, END, FAILED, CANCELLED, STALLED }

    /**
     * One event for the delivery thread.
     *
     * @param kind      what happened
     * @param chunk     audio, for {@link Kind#AUDIO}
     * @param alignment word timings, for {@link Kind#ALIGNMENT}
     * @param error     the failure, for {@link Kind#FAILED}
     */
    public record Event(Kind kind, byte[] chunk, WordAlignment alignment, GatewayError error) {
    }

    private static final Event END = new Event(Kind.END, null, null, null);
    private static final Event CANCELLED = new Event(Kind.CANCELLED, null, null, null);
    private static final Event STALLED = new Event(Kind.STALLED, null, null, null);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final long maxBytes;
    private long bytes;
    private Event terminal;
    private boolean cancelled;

    /**
     * Creates an empty buffer.
     *
     * @param maxBytes audio held before the producer waits
     */
    public ChunkBuffer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds a chunk, waiting while the buffer is full.
     *
     * @return false when the request was cancelled: stop producing
     */
    @Override
    public boolean put(byte[] chunk) throws InterruptedException {
        return add(new Event(Kind.AUDIO, chunk, null, null), chunk.length);
    }

    /**
     * Adds word timings, in order with the audio.
     *
     * @return false when the request was cancelled: stop producing
     */
    @Override
    public boolean align(WordAlignment alignment) throws InterruptedException {
        return add(new Event(Kind.ALIGNMENT, null, alignment, null), 0);
    }

    /** Ends the request: once its audio is taken, {@link Kind#END} follows. */
    @Override
    public void end() {
        finish(END);
    }

    /**
     * Fails the request: once its audio is taken, {@link Kind#FAILED} follows.
     *
     * @param error what failed
     */
    @Override
    public void fail(GatewayError error) {
        finish(new Event(Kind.FAILED, null, null, error));
    }

    /** Cancels the request: what is buffered is dropped and {@link Kind#CANCELLED} comes next. */
    @Override
    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            pending.clear();
            bytes = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next event: audio and timings in order, then the terminal event. Cancel overtakes
     * everything.
     *
     * @param timeoutNanos longest wait for something to happen
     * @return the event; {@link Kind#STALLED} when nothing happened in time
     */
    public Event take(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (!cancelled && pending.isEmpty() && terminal == null) {
                if (remaining <= 0) {
                    return STALLED;
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (cancelled) {
                return CANCELLED;
            }
            Event event = pending.poll();
            if (event == null) {
                return terminal;
            }
            if (event.chunk() != null) {
                bytes -= event.chunk().length;
            }
            changed.signalAll();
            return event;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next chunk of audio if it is already here and nothing else comes before it, without
     * waiting: lets a frame join chunks that are at hand.
     *
     * @return the chunk; {@code null} when the next event is not audio, or none is here
     */
    public byte[] pollAudio() {
        lock.lock();
        try {
            Event next = pending.peek();
            if (cancelled || next == null || next.kind() != Kind.AUDIO) {
                return null;
            }
            pending.poll();
            bytes -= next.chunk().length;
            changed.signalAll();
            return next.chunk();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a cancel, at most for a time: how the delivery thread holds audio back for its
     * client's playback and still hears a cancel at once.
     *
     * @param timeoutNanos longest wait
     * @return true when the request was cancelled
     */
    public boolean awaitCancel(long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (!cancelled && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    private boolean add(Event event, int length) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (bytes >= maxBytes && !cancelled) {
                changed.await();
            }
            if (cancelled) {
                return false;
            }
            pending.add(event);
            bytes += length;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void finish(Event event) {
        lock.lock();
        try {
            if (terminal == null) {
                terminal = event;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
