package io.ttsgateway.session;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;

/**
 * Everything bound for one client's socket, in order, written by one writer at a time: the only
 * caller of the socket's send, ping, pong and close. A request's frames are written by the thread
 * that queues them when no write is under way, so audio takes no thread hop between the provider
 * and the client; control messages (from the reader) are handed to a virtual writer thread, so the
 * reader never waits for the socket. Whoever writes drains the queue and stops when it is empty.
 *
 * <p>Bounded in bytes. Audio (and the start and timings that go with it) waits for room, which
 * holds back the request's synthesis; control messages (errors, done, pongs, pings) never wait,
 * so the reader thread never does: they may go past the bound by {@link #CONTROL_RESERVE} bytes,
 * past which the client is taken as not reading and {@code onOverflow} runs.
 *
 * <p>A cancel marks its requests and purges their frames under the queue's lock, so no frame of
 * theirs is written after it (a frame already being written counts as written before it).
 */
final class Outbound {

    /** Bytes control messages may add past the bound. */
    static final int CONTROL_RESERVE = 64 * 1024;

    private static final Logger LOGGER = Logger.getLogger(Outbound.class.getName());

    /** Lifecycle: only ever moves forward. */
    enum State {
        /** Frames are taken. */
        OPEN,
        /** A close frame is queued: what is before it is written, nothing more is taken. */
        CLOSING,
        /** Nothing more is written. */
        CLOSED
    }

    /** Whose frames these are: a request, whose frames its cancel purges. */
    interface Owner {
        boolean isCancelled();

        /** Marks the owner cancelled; called under the queue's lock. */
        void markCancelled();
    }

    private sealed interface Frame {
        default Owner owner() {
            return null;
        }

        /** Bytes held while queued (about what goes on the wire). */
        default long bytes() {
            return switch (this) {
            case Text text -> text.text().length();
            case Audio audio -> audio.data().length;
            case Ping ignored -> 2;
            case Pong pong -> 2 + pong.payload().length;
            case Close close -> 4 + close.reason().length();
            };
        }
    }

    private record Text(String text, Owner owner) implements Frame {
    }

    private record Audio(byte[] data, Owner owner) implements Frame {
    }

    private record Ping() implements Frame {
    }

    private record Pong(byte[] payload) implements Frame {
    }

    private record Close(int code, String reason) implements Frame {
    }

    private final WsSession socket;
    private final long maxBytes;
    private final Runnable onFailure;
    private final Runnable onOverflow;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long bytes;
    private State state = State.OPEN;
    private Thread writer;
    /** When the writer last made progress, or 0 while it is not running: finds a client not reading. */
    private volatile long progressAt;

    /**
     * @param socket     the client's socket
     * @param maxBytes   bytes queued before audio waits
     * @param onFailure  runs once when a write fails: the client is gone
     * @param onOverflow runs when control messages overflow the reserve: the client is not reading
     */
    Outbound(WsSession socket, long maxBytes, Runnable onFailure, Runnable onOverflow) {
        this.socket = socket;
        this.maxBytes = maxBytes;
        this.onFailure = onFailure;
        this.onOverflow = onOverflow;
    }

    /**
     * Queues audio of a request, preceded by {@code before} (its start) when not null, waiting
     * while the queue is full. A chunk is always taken into an empty queue, whatever its size.
     *
     * @return false when the owner is cancelled or the socket closed
     */
    boolean audio(Owner owner, String before, byte[] chunk) throws InterruptedException {
        return forOwner(owner, before, new Audio(chunk, owner));
    }

    /**
     * Queues a text message of a request (its timings), preceded by {@code before} when not null,
     * waiting while the queue is full.
     *
     * @return false when the owner is cancelled or the socket closed
     */
    boolean text(Owner owner, String before, String text) throws InterruptedException {
        return forOwner(owner, before, new Text(text, owner));
    }

    /**
     * Queues a control text message without waiting.
     *
     * @return false when the socket is closed or the client is not reading
     */
    boolean text(String text) {
        return control(new Text(text, null));
    }

    boolean ping() {
        return control(new Ping());
    }

    boolean pong(BufferData payload) {
        byte[] copy = new byte[payload.available()];
        payload.read(copy);
        return control(new Pong(copy));
    }

    /**
     * Queues a close frame after what is queued; nothing is taken after it.
     */
    void close(int code, String reason) {
        lock.lock();
        try {
            if (advance(State.CLOSING)) {
                add(new Close(code, reason));
                startWriterIfIdle();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops what waits for the socket and queues a close frame in its place, to be written as soon
     * as the write under way (if any) is done; nothing is taken after it. Does nothing once closing.
     */
    void closeFirst(int code, String reason) {
        lock.lock();
        try {
            if (state == State.OPEN) {
                queue.clear(); // a frame being written stays written: the writer polls only what it peeked
                bytes = 0;
                close(code, reason);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cancels requests: marks them and drops their queued frames, at once.
     */
    void cancel(Collection<? extends Owner> owners) {
        lock.lock();
        try {
            owners.forEach(Owner::markCancelled);
            if (queue.removeIf(frame -> frame.owner() != null && frame.owner().isCancelled())) {
                bytes = queue.stream().mapToLong(Frame::bytes).sum();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops what is queued and takes nothing more, unless a close frame is queued: that one is
     * still written. The write in progress, if any, finishes.
     */
    void discard() {
        lock.lock();
        try {
            if (state == State.OPEN) {
                advance(State.CLOSED);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops everything and stops the writer: interrupting a virtual thread blocked on a socket
     * closes the socket, which is how a write to a client that stopped reading is ended.
     */
    void abort() {
        Thread current;
        lock.lock();
        try {
            advance(State.CLOSED);
            current = writer;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.interrupt();
        }
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long frames have waited without any being written, in nanoseconds; 0 when none wait.
     */
    long stalledNanos(long now) {
        long since = progressAt;
        return since == 0 ? 0 : now - since;
    }

    /**
     * Waits until nothing more will be written: the close frame is out, or the socket is gone.
     *
     * @return true when closed
     */
    boolean awaitClosed(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (state != State.CLOSED || writer != null) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The one transition: forward only. Call under the lock. */
    private boolean advance(State next) {
        if (next.ordinal() <= state.ordinal()) {
            return false;
        }
        state = next;
        if (next == State.CLOSED) {
            queue.clear();
            bytes = 0;
        }
        changed.signalAll();
        return true;
    }

    private boolean forOwner(Owner owner, String before, Frame frame) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long length = frame.bytes() + (before == null ? 0 : before.length());
            while (state == State.OPEN && !owner.isCancelled() && bytes > 0 && bytes + length > maxBytes) {
                changed.await();
            }
            if (state != State.OPEN || owner.isCancelled()) {
                return false;
            }
            if (before != null) {
                add(new Text(before, owner));
            }
            add(frame);
            if (writer != null) {
                return true;
            }
            claimWriter(Thread.currentThread());
        } finally {
            lock.unlock();
        }
        drain();
        return true;
    }

    private boolean control(Frame frame) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            if (bytes + frame.bytes() <= maxBytes + CONTROL_RESERVE) {
                add(frame);
                startWriterIfIdle();
                return true;
            }
        } finally {
            lock.unlock();
        }
        onOverflow.run();
        return false;
    }

    /** Call under the lock. */
    private void add(Frame frame) {
        queue.add(frame);
        bytes += frame.bytes();
    }

    /** Hands the queue to a new writer thread unless one is writing; call under the lock. */
    private void startWriterIfIdle() {
        if (writer == null) {
            claimWriter(Thread.ofVirtual().name("tts-writer").unstarted(this::drain)).start();
        }
    }

    /** Makes a thread the writer until the queue is empty; call under the lock. */
    private Thread claimWriter(Thread thread) {
        progressAt = System.nanoTime();
        writer = thread;
        return thread;
    }

    private void drain() {
        while (true) {
            Frame frame;
            lock.lock();
            try {
                frame = queue.peek();
                if (frame == null || state == State.CLOSED) {
                    writer = null;
                    progressAt = 0;
                    changed.signalAll();
                    return;
                }
            } finally {
                lock.unlock();
            }
            boolean written = write(frame);
            lock.lock();
            try {
                if (queue.peek() == frame) { // not purged or dropped meanwhile
                    queue.poll();
                    bytes -= frame.bytes();
                }
                progressAt = System.nanoTime();
                if (!written || frame instanceof Close) {
                    advance(State.CLOSED);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (!written) {
                onFailure.run();
            }
        }
    }

    private boolean write(Frame frame) {
        try {
            switch (frame) {
            case Text text -> socket.send(text.text(), true);
            case Audio audio -> socket.send(BufferData.create(audio.data()), true);
            case Ping ignored -> socket.ping(BufferData.empty());
            case Pong pong -> socket.pong(BufferData.create(pong.payload()));
            case Close close -> socket.close(close.code(), close.reason());
            }
            return true;
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "Write failed; the client is gone", e);
            return false;
        }
    }
}
