package io.ttsgateway.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The audio cache under one directory.
 *
 * <p>Entries live at {@code <dir>/<first two hex digits>/<key>.audio}; writers use
 * {@code <dir>/tmp}, which is emptied at start-up. Files are written on one thread of the cache's
 * ({@link DiskWriter}), never on a request's. Two writers of the same key both succeed; the
 * later rename wins and either is a complete entry.
 *
 * <p>A lookup takes no lock ({@link CacheIndex}: it reads a concurrent map and records its use);
 * commits, removals and evictions change the index under its short lock, which covers bookkeeping
 * only: renames, deletions and evictions happen outside it (victims are chosen under the lock,
 * deleted after). A lookup that races with an eviction either opens the file first (and reads it
 * whole: an unlinked file stays readable) or finds it gone, which is a clean miss.
 *
 * <p>Behind the disk there may be a {@link SharedTier} (Redis) shared by replicas: a disk miss looks
 * there, and an entry found there is verified whole before it is written to disk like any other;
 * a committed entry is copied there in the background.
 */
final class DiskCache implements AudioCache {

    private static final Logger LOGGER = Logger.getLogger(DiskCache.class.getName());
    /**
     * How stale an entry's file time (its recency after a restart) may get: a hit writes it only
     * when it is older, so hits do not each write the file system's metadata. In memory, every hit
     * counts at once.
     */
    static final Duration RECENCY_WRITE_INTERVAL = Duration.ofMinutes(1);
    /** Write batches kept for reuse: as many as the disk writer may have waiting (16 MiB). */
    static final int MAX_KEPT_BATCHES = (int) (DiskWriter.MAX_QUEUED_BYTES / CacheWriter.BATCH_BYTES);

    private final CacheSettings settings;
    private final SharedTier tier;
    private final TierUploader uploader;
    private final DiskWriter disk;
    private final DirectBuffers batches = new DirectBuffers(CacheWriter.BATCH_BYTES, MAX_KEPT_BATCHES);
    private final Path tempDirectory;
    private final TempFiles tempFiles;
    private final CacheIndex index;
    private final LongAdder corruptEntries = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final AtomicLong droppedWrites = new AtomicLong();

    private DiskCache(CacheSettings settings, SharedTier tier, long maxQueuedBytes) {
        this.settings = settings;
        this.disk = new DiskWriter(maxQueuedBytes);
        this.tier = tier;
        this.uploader = new TierUploader(tier);
        this.tempDirectory = settings.directory().resolve(EntryFormat.TEMP_DIRECTORY);
        this.tempFiles = new TempFiles(tempDirectory);
        this.index = new CacheIndex(settings.maxBytes());
    }

    static DiskCache open(CacheSettings settings, SharedTier tier) throws IOException {
        return open(settings, tier, DiskWriter.MAX_QUEUED_BYTES);
    }

    static DiskCache open(CacheSettings settings, SharedTier tier, long maxQueuedBytes) throws IOException {
        DiskCache cache = new DiskCache(settings, tier, maxQueuedBytes);
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

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<CachedAudio> lookup(CacheKey key) {
        long generation = index.touch(key.hex());
        if (generation == CacheIndex.ABSENT) {
            // Every entry on disk is indexed (the start-up scan, each commit): a miss costs no file open.
            return tier.enabled() ? lookupShared(key) : Optional.empty();
        }
        Reading reading = new Reading(key, generation);
        try {
            return Optional.of(CachedAudio.open(entryPath(key), reading));
        } catch (NoSuchFileException e) {
            forget(key, generation, false); // evicted or deleted behind our back: a clean miss
        } catch (CorruptEntryException e) {
            corrupt(key, generation, e);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cache entry " + key.hex() + " cannot be read; treated as a miss", e);
        }
        return tier.enabled() ? lookupShared(key) : Optional.empty();
    }

    /** A disk miss: the shared tier's entry, verified whole, then copied to disk the way a writer commits. */
    private Optional<CachedAudio> lookupShared(CacheKey key) {
        SharedTierStats stats = tier.stats();
        Optional<byte[]> loaded = tier.load(key);
        if (loaded.isEmpty() || loaded.get().length > EntryFormat.HEADER_BYTES + settings.maxEntryBytes()) {
            stats.countMiss();
            return Optional.empty();
        }
        byte[] entry = loaded.get();
        try {
            EntryCheck.verify(entry); // before it is visible on disk
        } catch (CorruptEntryException e) {
            stats.countCorrupt();
            LOGGER.warning(() -> "Shared cache entry " + key.hex() + " is corrupt (" + e.getMessage() + "); removed");
            tier.remove(key);
            stats.countMiss();
            return Optional.empty();
        }
        Path temp = null;
        CachedAudio audio = null;
        try {
            TempFiles.Created created = tempFiles.create(key);
            temp = created.path();
            try (FileChannel channel = created.channel()) {
                for (ByteBuffer rest = ByteBuffer.wrap(entry); rest.hasRemaining(); ) {
                    channel.write(rest);
                }
            }
            Reading reading = new Reading(key, CacheIndex.ABSENT);
            audio = CachedAudio.open(temp, reading); // the open file stays readable after the rename
            reading.generation = install(key, temp, entry.length);
            stats.countHit();
            return Optional.of(audio);
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

    /** Write batches taken and not given back. */
    int batchesInUse() {
        return batches.inUse();
    }

    @Override
    public CacheWriter writer(CacheKey key) {
        return new CacheWriter(this, disk, batches, new EntryFile(this, key, tempFiles), settings.maxEntryBytes());
    }

    @Override
    public Path entryPath(CacheKey key) {
        return settings.directory().resolve(key.hex().substring(0, 2)).resolve(key.hex() + EntryFormat.SUFFIX);
    }

    @Override
    public long sizeBytes() {
        return index.totalBytes();
    }

    @Override
    public int entryCount() {
        return index.size();
    }

    @Override
    public long corruptEntries() {
        return corruptEntries.sum();
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }

    @Override
    public SharedTierStats sharedTierStats() {
        return tier.stats();
    }

    @Override
    public boolean hasSharedTier() {
        return tier.enabled();
    }

    /** The thread the files are written on (for tests). */
    DiskWriter diskWriter() {
        return disk;
    }

    @Override
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        return disk.awaitIdle(timeout);
    }

    @Override
    public boolean awaitShared(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Entries go to the shared tier once committed on disk.
        return disk.awaitIdle(timeout) && uploader.awaitIdle(Duration.ofNanos(deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        disk.close();
        uploader.close();
        tier.close();
    }

    /**
     * Called by a writer whose entry is complete: renames it into place, then indexes it and
     * deletes what the bound evicts, both outside the index lock.
     *
     * @return the generation the entry was indexed with
     */
    long install(CacheKey key, Path temp, long size) throws IOException {
        Path target = entryPath(key);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // The entry's directory is not there yet: made on the first commit of its prefix, not checked on every one.
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        CacheIndex.Put put = index.put(key.hex(), size, System.currentTimeMillis());
        evict(put.evicted());
        return put.generation();
    }

    /** Called by a writer after its commit: the shared tier gets a copy, in the background. */
    void share(CacheKey key, long size) {
        uploader.offer(key, entryPath(key), size);
    }

    /** Called by a writer whose chunk the disk writer refused: the first is a warning, the rest are counted. */
    void droppedWrite(CacheKey key) {
        if (droppedWrites.incrementAndGet() == 1) {
            LOGGER.warning(() -> "The disk is behind the audio (" + disk.maxQueuedBytes()
                    + " bytes waiting); entries are not cached until it catches up");
        }
        LOGGER.fine(() -> "Cache entry " + key.hex() + " not cached: the disk is behind");
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

    private void corrupt(CacheKey key, long generation, CorruptEntryException e) {
        corruptEntries.increment();
        LOGGER.warning(() -> "Cache entry " + key.hex() + " is corrupt (" + e.getMessage() + "); deleted");
        forget(key, generation, true);
    }

    /**
     * Unindexes an entry a reader found wrong or missing, unless it was replaced since the reader
     * saw it; deletes the file too when asked and it is still the one the reader saw.
     */
    private void forget(CacheKey key, long generation, boolean deleteFile) {
        boolean current = index.remove(key.hex(), generation);
        if (deleteFile && current) {
            deleteFile(key.hex());
        }
    }

    private void evict(List<String> evicted) {
        for (String hex : evicted) {
            deleteFile(hex);
            evictions.increment();
        }
    }

    private void deleteFile(String hex) {
        try {
            Files.deleteIfExists(entryPath(new CacheKey(hex)));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot delete cache entry " + hex, e);
        }
    }

    /** Partial entries of a process that died mid-write; never complete, so never indexed. */
    private void clearTemporaryFiles() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tempDirectory)) {
            for (Path leftover : leftovers) {
                if (Files.deleteIfExists(leftover)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            int count = removed;
            LOGGER.info(() -> "Removed " + count + " partial cache file(s) left by an earlier run");
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
        List<String> evicted = new ArrayList<>();
        for (Found entry : found) {
            evicted.addAll(index.put(entry.hex(), entry.size(), entry.modified()).evicted());
        }
        evict(evicted);
        LOGGER.info(() -> "Audio cache at " + settings.directory().toAbsolutePath() + ": " + entryCount()
                + " entries, " + sizeBytes() + " bytes (bound " + settings.maxBytes() + ")");
    }

    /** What the cache hears from one entry being read. */
    private final class Reading implements CachedAudio.Listener {
        private final CacheKey key;
        /** The generation indexed when the entry was opened; set by the opener before it hands the entry out. */
        private long generation;

        Reading(CacheKey key, long generation) {
            this.key = key;
            this.generation = generation;
        }

        @Override
        public void corrupt(CorruptEntryException e) {
            DiskCache.this.corrupt(key, generation, e);
        }

        @Override
        public void closed() {
            long now = System.currentTimeMillis();
            if (!index.shouldPersistUse(key.hex(), now, RECENCY_WRITE_INTERVAL.toMillis())) {
                return; // the file's time is recent enough: no write to the disk's metadata on every hit
            }
            try {
                // After the audio, not before it. Recency survives restarts: the start-up scan orders by modification time.
                Files.setLastModifiedTime(entryPath(key), FileTime.fromMillis(now));
            } catch (IOException ignored) {
                // gone meanwhile, or only the eviction order suffers
            }
        }
    }
}
