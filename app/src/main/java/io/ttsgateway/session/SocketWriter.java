package io.ttsgateway.session;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;

/**
 * The only way to write to one socket. The reader thread (pongs, errors), the delivery thread
 * (audio) and the pinger all write, and a cancel must be ordered against audio frames, so every
 * write takes one lock (Helidon 4.5's {@code WsSession} locks single sends only; 4.2's did not).
 *
 * <p>A failed write means the client is gone: the writer closes itself, later writes are dropped,
 * and the session is told once, so its work stops.
 */
final class SocketWriter {

    private static final Logger LOGGER = Logger.getLogger(SocketWriter.class.getName());

    private final WsSession socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final long lockTimeoutNanos;
    private final Runnable onFailure;
    private volatile boolean closed;
    /** When the write in progress started, or 0: lets the watchdog find a client that stopped reading. */
    private volatile long writeStarted;

    SocketWriter(WsSession socket, long lockTimeoutNanos, Runnable onFailure) {
        this.socket = socket;
        this.lockTimeoutNanos = lockTimeoutNanos;
        this.onFailure = onFailure;
    }

    /**
     * Sends a text message.
     *
     * @return false when the socket is closed or the write failed
     */
    boolean sendText(String text) {
        return write(Write.of(() -> socket.send(text, true)));
    }

    /**
     * Sends one audio chunk of a request, preceded by {@code before} when not null, unless the
     * request was cancelled. The check and the writes happen under the lock, and cancelling takes
     * the same lock, so no audio of a request is written after its cancel was processed.
     *
     * @return false when the request is cancelled, the socket closed, or the write failed
     */
    boolean sendAudio(SynthesisJob job, String before, byte[] chunk) {
        return write(() -> {
            if (job.isCancelled()) {
                return false;
            }
            if (before != null) {
                socket.send(before, true);
            }
            socket.send(BufferData.create(chunk), true);
            return true;
        });
    }

    boolean ping() {
        return write(Write.of(() -> socket.ping(BufferData.empty())));
    }

    boolean pong(BufferData payload) {
        return write(Write.of(() -> socket.pong(payload)));
    }

    /**
     * Sends a close frame, after which nothing else is written.
     */
    void close(int code, String reason) {
        write(Write.of(() -> socket.close(code, reason)));
        closed = true;
    }

    /**
     * Runs an action under the write lock, so that it happens between two writes, never during one.
     */
    void underLock(Runnable action) {
        boolean locked = tryLock();
        try {
            action.run();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * How long the write in progress has been blocked, in nanoseconds; 0 when none is.
     */
    long writeBlockedNanos(long now) {
        long started = writeStarted;
        return started == 0 ? 0 : now - started;
    }

    private boolean write(Write action) {
        if (closed || !tryLock()) {
            return false;
        }
        boolean failed = false;
        try {
            if (closed) {
                return false;
            }
            writeStarted = System.nanoTime();
            return action.run();
        } catch (RuntimeException e) {
            failed = true;
            closed = true;
            LOGGER.log(Level.FINE, "Write failed; the client is gone", e);
            return false;
        } finally {
            writeStarted = 0;
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
            if (failed) {
                onFailure.run();
            }
        }
    }

    private boolean tryLock() {
        try {
            return lock.tryLock(lockTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @FunctionalInterface
    private interface Write {
        boolean run();

        static Write of(Runnable runnable) {
            return () -> {
                runnable.run();
                return true;
            };
        }
    }
}
