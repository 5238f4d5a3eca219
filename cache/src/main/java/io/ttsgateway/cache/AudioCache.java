package io.ttsgateway.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The audio cache, shared by all sessions and safe for concurrent use: a directory on disk
 * ({@link #open}), optionally with a {@link SharedTier} behind it, or nothing at all
 * ({@link #disabled()}), so that callers never check for a missing cache.
 */
public interface AudioCache extends AutoCloseable {

    /**
     * Opens the disk cache: creates the directory, removes leftovers of interrupted writes and
     * indexes the entries present, evicting the oldest if they exceed the bound.
     *
     * @param settings directory and bounds
     * @return the cache
     * @throws IOException when the directory cannot be created or read
     */
    static AudioCache open(CacheSettings settings) throws IOException {
        return DiskCache.open(settings, SharedTier.none());
    }

    /**
     * Opens the disk cache with a shared tier behind it; the cache owns the tier from now on and
     * closes it.
     *
     * @param settings directory and bounds
     * @param tier     the shared tier, or {@link SharedTier#none()}
     * @return the cache
     * @throws IOException when the directory cannot be created or read
     */
    static AudioCache open(CacheSettings settings, SharedTier tier) throws IOException {
        return DiskCache.open(settings, tier);
    }

    /**
     * The cache of a gateway that caches nothing: every lookup misses, every writer discards.
     *
     * @return the no-op cache
     */
    static AudioCache disabled() {
        return DisabledCache.INSTANCE;
    }

    /**
     * Whether this cache stores anything.
     *
     * @return false for {@link #disabled()}
     */
    boolean enabled();

    /**
     * Finds an entry: on disk, else in the shared tier (then copied to disk). Takes no lock. Only
     * the first block of the file is read here, and only its header and first chunk checked; an
     * entry wrong there is deleted and a miss. The rest is checked as it is read
     * ({@link CachedAudio#next()}).
     *
     * @param key the entry's key
     * @return the entry, to be closed by the caller, or empty on a miss
     */
    Optional<CachedAudio> lookup(CacheKey key);

    /**
     * Starts writing an entry. Nothing is visible until {@link CacheWriter#commit()}.
     *
     * @param key the entry's key
     * @return a writer, to be closed by the caller
     */
    CacheWriter writer(CacheKey key);

    /**
     * Where an entry lives on disk (for operations and tests).
     *
     * @param key the entry's key
     * @return its path, whether or not it exists
     * @throws UnsupportedOperationException when the cache is disabled
     */
    Path entryPath(CacheKey key);

    /**
     * Total bytes of the indexed entries.
     *
     * @return bytes on disk
     */
    long sizeBytes();

    /**
     * Number of indexed entries.
     *
     * @return entries on disk
     */
    int entryCount();

    /**
     * Entries found corrupt and deleted since start.
     *
     * @return count
     */
    long corruptEntries();

    /**
     * Entries evicted to stay within the size bound since start.
     *
     * @return count
     */
    long evictions();

    /**
     * Counters of the shared tier (all zero without one).
     *
     * @return live counters
     */
    SharedTierStats sharedTierStats();

    /**
     * Whether a shared tier is configured behind the disk.
     *
     * @return false without one
     */
    boolean hasSharedTier();

    /**
     * Waits until the writes queued so far are on disk: entries committed or discarded, temporary
     * files removed (for tests and shutdown).
     *
     * @param timeout longest wait
     * @return true when none is pending
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitWritten(Duration timeout) throws InterruptedException;

    /**
     * Waits until committed entries have been handed to the shared tier (for tests and shutdown).
     *
     * @param timeout longest wait
     * @return true when none is pending
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitShared(Duration timeout) throws InterruptedException;

    /** Lets pending copies to the shared tier finish for a bounded time, then closes the tier. */
    @Override
    void close();
}
