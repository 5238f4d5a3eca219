package io.ttsgateway.cache;

import java.util.Optional;

/**
 * A cache tier shared by replicas behind the local disk (Redis, for one). It holds entries in the
 * disk entry layout ({@link EntryFormat}), whole or not at all; {@link AudioCache} verifies what it
 * loads. Every call is bounded in time and never throws: a tier that is down is a miss.
 */
public interface SharedTier extends AutoCloseable {

    /**
     * The tier of a gateway without a shared cache: never holds anything.
     *
     * @return the no-op tier
     */
    static SharedTier none() {
        return NoSharedTier.INSTANCE;
    }

    /**
     * Whether this tier stores anything; the no-op tier does not, so the cache skips it entirely.
     *
     * @return false for {@link #none()}
     */
    default boolean enabled() {
        return true;
    }

    /**
     * Loads an entry's bytes.
     *
     * @param key the entry's key
     * @return the stored bytes, unverified, or empty when absent or the tier is unavailable
     */
    Optional<byte[]> load(CacheKey key);

    /**
     * Stores a complete, verified entry, replacing any previous one, with the tier's expiry.
     *
     * @param key   the entry's key
     * @param entry the whole entry
     */
    void store(CacheKey key, byte[] entry);

    /**
     * Removes an entry (one found corrupt).
     *
     * @param key the entry's key
     */
    void remove(CacheKey key);

    /**
     * Largest entry the tier takes; larger ones stay on the local disk only.
     *
     * @return bytes, 0 when it takes none
     */
    long maxEntryBytes();

    /**
     * What happened in this tier since start.
     *
     * @return live counters
     */
    SharedTierStats stats();

    /** Releases the connections. */
    @Override
    void close();
}
