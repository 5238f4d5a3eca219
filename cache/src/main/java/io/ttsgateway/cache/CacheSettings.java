package io.ttsgateway.cache;

import java.nio.file.Path;

/**
 * Where and how much the cache stores.
 *
 * @param directory     root directory, created when missing
 * @param maxBytes      bound on the total size of entries; least recently used entries are evicted past it
 * @param maxEntryBytes largest single entry; longer syntheses are streamed but not cached
 */
public record CacheSettings(Path directory, long maxBytes, long maxEntryBytes) {

    /**
     * Validates.
     *
     * @param directory     root directory
     * @param maxBytes      total size bound
     * @param maxEntryBytes single entry bound
     */
    public CacheSettings {
        if (directory == null) {
            throw new IllegalArgumentException("cache directory is required");
        }
        if (maxBytes <= 0 || maxEntryBytes <= 0) {
            throw new IllegalArgumentException("cache sizes must be positive");
        }
        maxEntryBytes = Math.min(maxEntryBytes, maxBytes);
    }
}
