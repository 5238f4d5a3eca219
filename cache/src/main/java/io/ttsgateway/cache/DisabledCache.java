package io.ttsgateway.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The cache of a gateway that caches nothing. */
enum DisabledCache implements AudioCache {
    INSTANCE;

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public Optional<CachedAudio> lookup(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public CacheWriter writer(CacheKey key) {
        return CacheWriter.discarding();
    }

    @Override
    public Path entryPath(CacheKey key) {
        throw new UnsupportedOperationException("caching is off");
    }

    @Override
    public long sizeBytes() {
        return 0;
    }

    @Override
    public int entryCount() {
        return 0;
    }

    @Override
    public long corruptEntries() {
        return 0;
    }

    @Override
    public long evictions() {
        return 0;
    }

    @Override
    public SharedTierStats sharedTierStats() {
        return SharedTier.none().stats();
    }

    @Override
    public boolean hasSharedTier() {
        return false;
    }

    @Override
    public boolean awaitWritten(Duration timeout) {
        return true;
    }

    @Override
    public boolean awaitShared(Duration timeout) {
        return true;
    }

    @Override
    public void close() {
        // holds nothing
    }
}
