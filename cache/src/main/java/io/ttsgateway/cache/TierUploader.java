package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies committed disk entries to the shared tier in the background, so a commit never waits on
 * the network. At most {@link #MAX_PENDING} copies are pending; past that, entries are dropped and
 * counted: the disk already holds them, and a replica that misses one synthesizes it once.
 */
final class TierUploader implements AutoCloseable {

    /** Bounds the entries held in memory for copying (each up to the tier's entry bound). */
    static final int MAX_PENDING = 16;

    private static final Logger LOGGER = Logger.getLogger(TierUploader.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final SharedTier tier;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cache-share-", 0).factory());
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int pending;

    TierUploader(SharedTier tier) {
        this.tier = tier;
    }

    /**
     * Queues a copy of a committed entry. Returns at once.
     *
     * @param key  the entry's key
     * @param file the committed entry file
     * @param size its size in bytes
     */
    void offer(CacheKey key, Path file, long size) {
        if (!tier.enabled() || size > tier.maxEntryBytes()) {
            return;
        }
        lock.lock();
        try {
            if (pending >= MAX_PENDING) {
                tier.stats().countDropped();
                return;
            }
            pending++;
        } finally {
            lock.unlock();
        }
        try {
            executor.execute(() -> upload(key, file));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done(); // closing: the entry stays on disk only
        }
    }

    private void upload(CacheKey key, Path file) {
        try {
            // Read at upload time: a rename replaces the file whole, so this is one complete entry.
            tier.store(key, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            LOGGER.fine(() -> "Cache entry " + key.hex() + " was evicted before it was shared");
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot read cache entry " + key.hex() + " to share it", e);
        } finally {
            done();
        }
    }

    private void done() {
        lock.lock();
        try {
            if (--pending == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no copy is pending.
     *
     * @param timeout longest wait
     * @return true when idle
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (pending > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets pending copies finish for a bounded time, then abandons them. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
