package io.ttsgateway.cache;

import java.util.Optional;

/** The shared tier of a gateway that has none. */
enum NoSharedTier implements SharedTier {
    INSTANCE;

    private final SharedTierStats stats = new SharedTierStats();

    @Override
    public boolean enabled() {
        return false;
    }

    @Override
    public Optional<byte[]> load(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public void store(CacheKey key, byte[] entry) {
        // nothing is shared
    }

    @Override
    public void remove(CacheKey key) {
        // nothing is shared
    }

    @Override
    public long maxEntryBytes() {
        return 0;
    }

    @Override
    public SharedTierStats stats() {
        return stats;
    }

    @Override
    public void close() {
        // holds nothing
    }
}
