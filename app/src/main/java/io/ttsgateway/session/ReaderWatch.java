package io.ttsgateway.session;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Notices the end of a connection that ended without a close frame. Helidon calls no listener
 * method then: its read loop stops at the end of the stream (FIN) or at a reset (RST), the
 * connection's thread closes the socket and ends, and that is all. That thread is the one that
 * runs {@code onOpen} and every other callback (one virtual thread per connection), so a watcher
 * joining it learns of the end the moment the read fails, without waiting for a write to fail or a
 * ping to go unanswered.
 */
final class ReaderWatch {

    /** How often the watcher looks whether it is still wanted; {@link #stop} wakes it anyway. */
    private static final Duration RECHECK = Duration.ofMinutes(1);

    /** Lifecycle: only ever moves forward. */
    private enum State {
        IDLE,
        WATCHING,
        STOPPED
    }

    private final Runnable onReaderEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.IDLE;
    private Thread reader;
    private Thread watcher;

    /**
     * @param onReaderEnd runs once, on the watcher thread, when the reader ends while watched
     */
    ReaderWatch(Runnable onReaderEnd) {
        this.onReaderEnd = onReaderEnd;
    }

    /**
     * Starts watching a connection's reader thread; does nothing once stopped or watching.
     *
     * @param reader the thread that reads the connection
     */
    void watch(Thread reader) {
        lock.lock();
        try {
            if (state != State.IDLE) {
                return;
            }
            state = State.WATCHING;
            this.reader = reader;
            this.watcher = Thread.ofVirtual().name("tts-reader-watch").start(() -> run(reader));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops watching: the session ended by other means. Any thread.
     */
    void stop() {
        Thread current;
        lock.lock();
        try {
            current = state == State.WATCHING ? watcher : null;
            state = State.STOPPED;
        } finally {
            lock.unlock();
        }
        if (current != null && current != Thread.currentThread()) {
            current.interrupt();
        }
    }

    /**
     * Waits until the connection's reader has ended: the connection is closed.
     *
     * @param timeout longest wait
     * @return true when it ended (or was never watched)
     * @throws InterruptedException when interrupted
     */
    boolean awaitReaderEnd(Duration timeout) throws InterruptedException {
        Thread current;
        lock.lock();
        try {
            current = reader;
        } finally {
            lock.unlock();
        }
        return current == null || current.join(timeout);
    }

    private void run(Thread reader) {
        try {
            while (isWatching()) {
                if (reader.join(RECHECK)) {
                    if (isWatching()) {
                        onReaderEnd.run();
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            // stopped: the session ended by other means
        }
    }

    private boolean isWatching() {
        lock.lock();
        try {
            return state == State.WATCHING;
        } finally {
            lock.unlock();
        }
    }
}
