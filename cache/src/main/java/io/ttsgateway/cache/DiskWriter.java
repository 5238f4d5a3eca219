package io.ttsgateway.cache;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cache's disk work, done in order on one platform thread of its own. A request hands its
 * chunks over and goes on: it never waits on the disk, and creating entry files (an inode and a
 * directory entry each, the costly part, under the directory's lock) is not contended between
 * requests or done on the carriers of their virtual threads. Audio queued is bounded; past the
 * bound a chunk is refused and its entry is not cached.
 */
final class DiskWriter implements AutoCloseable {

    /** Audio queued for the disk at most; at 24 kHz PCM about three minutes of it. */
    static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private static final Logger LOGGER = Logger.getLogger(DiskWriter.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private final long maxQueuedBytes;
    private final Thread thread;
    private long queuedBytes;
    private boolean busy;
    private boolean closed;

    private record Task(Runnable work, long bytes) {
    }

    /**
     * Starts the writer's thread.
     *
     * @param maxQueuedBytes audio that may wait for the disk
     */
    DiskWriter(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = Thread.ofPlatform().daemon().name("tts-cache-writer").start(this::run);
    }

    /** The audio that may wait for the disk. */
    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /**
     * Queues work that carries audio, unless the queue holds too much already.
     *
     * @param work  what to do on the writer's thread
     * @param bytes the audio it carries
     * @return false when refused: the bound is reached or the writer is closed
     */
    boolean offer(Runnable work, long bytes) {
        lock.lock();
        try {
            if (closed || queuedBytes + bytes > maxQueuedBytes) {
                return false;
            }
            queue(work, bytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues work that carries no audio (a commit, a discard): never refused while open.
     *
     * @param work what to do on the writer's thread
     * @return false when the writer is closed; partial files are then removed at the next start
     */
    boolean submit(Runnable work) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            queue(work, 0);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void queue(Runnable work, long bytes) {
        tasks.addLast(new Task(work, bytes));
        queuedBytes += bytes;
        changed.signalAll();
    }

    /**
     * Waits until everything queued so far is done.
     *
     * @param timeout longest wait
     * @return true when idle
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (busy || !tasks.isEmpty()) {
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

    private void run() {
        long doneBytes = 0;
        while (true) {
            Task task;
            lock.lock();
            try {
                queuedBytes -= doneBytes; // the task run last: one lock per task
                busy = false;
                while (tasks.isEmpty()) {
                    changed.signalAll();
                    if (closed) {
                        return;
                    }
                    changed.await();
                }
                task = tasks.removeFirst();
                busy = true;
            } catch (InterruptedException e) {
                return; // closed with work left: partial files are removed at the next start
            } finally {
                lock.unlock();
            }
            try {
                task.work().run();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "A cache write failed; its entry is not cached", e);
            }
            doneBytes = task.bytes();
        }
    }

    /** Takes no more work, lets what is queued finish for a bounded time, then stops the thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                thread.interrupt();
                thread.join(CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
