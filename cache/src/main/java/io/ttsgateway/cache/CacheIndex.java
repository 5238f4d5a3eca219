package io.ttsgateway.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sizes of the entries on disk in least-recently-used order. Not thread-safe: {@link AudioCache}
 * guards it.
 */
final class CacheIndex {

    private final LinkedHashMap<String, Long> sizes = new LinkedHashMap<>(64, 0.75f, true);
    private final long maxBytes;
    private long totalBytes;

    CacheIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Records an entry as most recently used and returns the keys that must go to stay in bounds.
     */
    List<String> put(String key, long size) {
        Long previous = sizes.put(key, size);
        totalBytes += size - (previous == null ? 0 : previous);
        List<String> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> eldest = sizes.entrySet().iterator();
        while (totalBytes > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Long> entry = eldest.next();
            if (entry.getKey().equals(key)) {
                continue;
            }
            totalBytes -= entry.getValue();
            evicted.add(entry.getKey());
            eldest.remove();
        }
        return evicted;
    }

    void touch(String key) {
        sizes.get(key);
    }

    void remove(String key) {
        Long size = sizes.remove(key);
        if (size != null) {
            totalBytes -= size;
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    int size() {
        return sizes.size();
    }
}
