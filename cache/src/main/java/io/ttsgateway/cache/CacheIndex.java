package io.ttsgateway.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes of the entries on disk in least-recently-used order, each with the generation of its last
 * install, so that a reader can tell whether the entry it found wrong is still the one indexed.
 * Bookkeeping only, no I/O. Not thread-safe: {@link DiskCache} guards it.
 */
final class CacheIndex {

    /** The generation of a key that is not indexed. */
    static final long ABSENT = -1;

    private record Entry(long size, long generation) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final long maxBytes;
    private long totalBytes;
    private long generations;

    CacheIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Records an entry as most recently used and returns the keys that must go to stay in bounds;
     * they are no longer indexed.
     */
    List<String> put(String key, long size) {
        Entry previous = entries.put(key, new Entry(size, generations++));
        totalBytes += size - (previous == null ? 0 : previous.size());
        List<String> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (totalBytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Entry> entry = eldest.next();
            if (entry.getKey().equals(key)) {
                continue;
            }
            totalBytes -= entry.getValue().size();
            evicted.add(entry.getKey());
            eldest.remove();
        }
        return evicted;
    }

    /** Marks an entry as most recently used; returns its generation, or {@link #ABSENT}. */
    long touch(String key) {
        Entry entry = entries.get(key);
        return entry == null ? ABSENT : entry.generation();
    }

    /**
     * Forgets an entry if it is still the generation a reader saw.
     *
     * @return true when the file on disk is still the one seen: also when neither was indexed
     */
    boolean remove(String key, long generation) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return generation == ABSENT;
        }
        if (entry.generation() != generation) {
            return false;
        }
        entries.remove(key);
        totalBytes -= entry.size();
        return true;
    }

    long totalBytes() {
        return totalBytes;
    }

    int size() {
        return entries.size();
    }
}
