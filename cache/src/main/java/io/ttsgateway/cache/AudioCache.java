package io.ttsgateway.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The audio cache under one directory, shared by all sessions and safe for concurrent use.
 *
 * <p>Entries live at {@code <dir>/<first two hex digits>/<key>.audio}; writers use
 * {@code <dir>/tmp}, which is emptied at start-up. Two writers of the same key both succeed; the
 * later rename wins and either is a complete, verified entry.
 *
 * <p>Behind the disk there may be a {@link SharedTier} (Redis) shared by replicas: a disk miss looks
 * there, and a verified entry found there is written to disk like any other; a committed entry is
 * copied there in the background.
 */
public final class AudioCache implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(AudioCache.class.getName());

    private final CacheSettings settings;
    private final SharedTier tier;
    private final TierUploader uploader;
    private final Path tempDirectory;
    private final CacheIndex index;
    private final LongAdder corruptEntries = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    private AudioCache(CacheSettings settings, SharedTier tier) {
        this.settings = settings;
        this.tier = tier;
        this.uploader = new TierUploader(tier);
        this.tempDirectory = settings.directory().resolve(EntryFormat.TEMP_DIRECTORY);
        this.index = new CacheIndex(settings.maxBytes());
    }

    /**
     * Opens the cache: creates the directory, removes leftovers of interrupted writes and indexes
     * the entries present, evicting the oldest if they exceed the bound.
     *
     * @param settings directory and bounds
     * @return the cache
     * @throws IOException when the directory cannot be created or read
     */
    public static AudioCache open(CacheSettings settings) throws IOException {
        return open(settings, SharedTier.none());
    }

    /**
     * Opens the cache with a shared tier behind the disk; the cache owns the tier from now on and
     * closes it.
     *
     * @param settings directory and bounds
     * @param tier     the shared tier, or {@link SharedTier#none()}
     * @return the cache
     * @throws IOException when the directory cannot be created or read
     */
    public static AudioCache open(CacheSettings settings, SharedTier tier) throws IOException {
        AudioCache cache = new AudioCache(settings, tier);
        try {
            Files.createDirectories(cache.tempDirectory);
            cache.clearTemporaryFiles();
            cache.indexExistingEntries();
        } catch (IOException | RuntimeException e) {
            cache.close();
            throw e;
        }
        return cache;
    }

    /**
     * Finds a complete, verified entry: on disk, else in the shared tier (then copied to disk).
     * A corrupt or truncated entry is deleted and reported as a miss.
     *
     * @param key the entry's key
     * @return the entry, to be closed by the caller, or empty on a miss
     */
    public Optional<CachedAudio> lookup(CacheKey key) {
        Path file = entryPath(key);
        try {
            CachedAudio audio = CachedAudio.open(file);
            synchronized (index) {
                index.touch(key.hex());
            }
            touch(file);
            return Optional.of(audio);
        } catch (NoSuchFileException e) {
            synchronized (index) {
                index.remove(key.hex()); // deleted behind our back: forget it too
            }
        } catch (CorruptEntryException e) {
            corruptEntries.increment();
            LOGGER.warning(() -> "Cache entry " + key.hex() + " is corrupt (" + e.getMessage() + "); deleted");
            delete(key.hex());
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cache entry " + key.hex() + " cannot be read; treated as a miss", e);
        }
        return tier.enabled() ? lookupShared(key) : Optional.empty();
    }

    /** A disk miss: the shared tier's entry, verified and copied to disk the way a writer commits. */
    private Optional<CachedAudio> lookupShared(CacheKey key) {
        SharedTierStats stats = tier.stats();
        Optional<byte[]> loaded = tier.load(key);
        if (loaded.isEmpty() || loaded.get().length > EntryFormat.HEADER_BYTES + settings.maxEntryBytes()) {
            stats.countMiss();
            return Optional.empty();
        }
        byte[] entry = loaded.get();
        Path temp = null;
        CachedAudio audio = null;
        try {
            temp = Files.createTempFile(tempDirectory, key.hex().substring(0, 8) + "-", EntryFormat.TEMP_SUFFIX);
            Files.write(temp, entry);
            audio = CachedAudio.open(temp); // verifies; the open file stays readable after the rename
            install(key, temp, entry.length);
            temp = null;
            stats.countHit();
            return Optional.of(audio);
        } catch (CorruptEntryException e) {
            stats.countCorrupt();
            LOGGER.warning(() -> "Shared cache entry " + key.hex() + " is corrupt (" + e.getMessage() + "); removed");
            tier.remove(key);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot copy shared cache entry " + key.hex() + " to disk; treated as a miss", e);
        }
        if (audio != null) {
            audio.close();
        }
        deleteTemporary(temp);
        stats.countMiss();
        return Optional.empty();
    }

    /**
     * Starts writing an entry. Nothing is visible until {@link CacheWriter#commit()}.
     *
     * @param key the entry's key
     * @return a writer, to be closed by the caller
     */
    public CacheWriter writer(CacheKey key) {
        return new CacheWriter(this, key, tempDirectory, settings.maxEntryBytes());
    }

    /**
     * Where an entry lives on disk (for operations and tests).
     *
     * @param key the entry's key
     * @return its path, whether or not it exists
     */
    public Path entryPath(CacheKey key) {
        return settings.directory().resolve(key.hex().substring(0, 2)).resolve(key.hex() + EntryFormat.SUFFIX);
    }

    /**
     * Total bytes of the indexed entries.
     *
     * @return bytes on disk
     */
    public long sizeBytes() {
        synchronized (index) {
            return index.totalBytes();
        }
    }

    /**
     * Number of indexed entries.
     *
     * @return entries on disk
     */
    public int entryCount() {
        synchronized (index) {
            return index.size();
        }
    }

    /**
     * Entries found corrupt and deleted since start.
     *
     * @return count
     */
    public long corruptEntries() {
        return corruptEntries.sum();
    }

    /**
     * Counters of the shared tier (all zero without one).
     *
     * @return live counters
     */
    public SharedTierStats sharedTierStats() {
        return tier.stats();
    }

    /**
     * Whether a shared tier is configured behind the disk.
     *
     * @return false without one
     */
    public boolean hasSharedTier() {
        return tier.enabled();
    }

    /**
     * Waits until committed entries have been handed to the shared tier (for tests and shutdown).
     *
     * @param timeout longest wait
     * @return true when none is pending
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitShared(Duration timeout) throws InterruptedException {
        return uploader.awaitIdle(timeout);
    }

    /** Lets pending copies to the shared tier finish for a bounded time, then closes the tier. */
    @Override
    public void close() {
        uploader.close();
        tier.close();
    }

    /**
     * Entries evicted to stay within the size bound since start.
     *
     * @return count
     */
    public long evictions() {
        return evictions.sum();
    }

    /** Called by a writer whose entry is complete: renames it into place and enforces the bound. */
    void install(CacheKey key, Path temp, long size) throws IOException {
        Path target = entryPath(key);
        Files.createDirectories(target.getParent());
        // Under the index lock so that an eviction cannot delete a file that was just renamed into place.
        synchronized (index) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (String evicted : index.put(key.hex(), size)) {
                deleteFile(evicted);
                evictions.increment();
            }
        }
    }

    /** Called by a writer after its commit: the shared tier gets a copy, in the background. */
    void share(CacheKey key, long size) {
        uploader.offer(key, entryPath(key), size);
    }

    static void deleteTemporary(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot delete temporary cache file " + temp, e);
        }
    }

    private void delete(String hex) {
        synchronized (index) {
            index.remove(hex);
            deleteFile(hex);
        }
    }

    private void deleteFile(String hex) {
        try {
            Files.deleteIfExists(entryPath(new CacheKey(hex)));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot delete cache entry " + hex, e);
        }
    }

    private static void touch(Path file) {
        try {
            // Recency survives restarts: the start-up scan orders entries by modification time.
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // only the eviction order suffers
        }
    }

    private void clearTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tempDirectory)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private void indexExistingEntries() throws IOException {
        record Found(String hex, long size, long modified) { }
        List<Found> found = new ArrayList<>();
        try (Stream<Path> files = Files.find(settings.directory(), 2, (path, attributes) ->
                attributes.isRegularFile() && path.getFileName().toString().endsWith(EntryFormat.SUFFIX))) {
            files.forEach(path -> {
                String name = path.getFileName().toString();
                String hex = name.substring(0, name.length() - EntryFormat.SUFFIX.length());
                try {
                    new CacheKey(hex);
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    found.add(new Found(hex, attributes.size(), attributes.lastModifiedTime().toMillis()));
                } catch (IllegalArgumentException | IOException e) {
                    LOGGER.fine(() -> "Ignoring " + path + " in the cache directory");
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        found.sort(Comparator.comparingLong(Found::modified));
        synchronized (index) {
            for (Found entry : found) {
                for (String evicted : index.put(entry.hex(), entry.size())) {
                    deleteFile(evicted);
                    evictions.increment();
                }
            }
        }
        LOGGER.info(() -> "Audio cache at " + settings.directory().toAbsolutePath() + ": " + entryCount()
                + " entries, " + sizeBytes() + " bytes (bound " + settings.maxBytes() + ")");
    }
}
