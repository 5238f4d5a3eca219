package io.ttsgateway.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sizes of the entries on disk in least-recently-used order, each with the generation of its last
 * install, so that a reader can tell whether the entry it found wrong is still the one indexed.
 * Bookkeeping only, no I/O. Thread-safe.
 *
 * <p>A lookup ({@link #touch}) takes no lock: it reads a concurrent map and records the use in a
 * bounded queue. Changes ({@link #put}, {@link #remove}) take the index's lock and first replay the
 * recorded uses, in order, into the recency order, so eviction sees every use up to then. A lookup
 * that finds many uses recorded replays them itself if the lock is free; if the queue is full (a
 * writer holds the lock that long), the use is dropped, which only costs that entry some recency.
 */
final class CacheIndex {

    /** The generation of a key that is not indexed. */
    static final long ABSENT = -1;
    /** Uses recorded before a lookup tries to replay them. */
    static final int REPLAY_AT = 256;
    /** Uses recorded at most; more are dropped until a replay. */
    static final int MAX_RECORDED = 4 * 1024;

    /** An indexed entry; its recency on disk is written at most once per interval (see {@link #shouldPersistUse}). */
    private static final class Entry {
        final long size;
        final long generation;
        final AtomicLong persistedUseMillis;

        Entry(long size, long generation, long persistedUseMillis) {
            this.size = size;
            this.generation = generation;
            this.persistedUseMillis = new AtomicLong(persistedUseMillis);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> uses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recorded = new AtomicInteger();
    /** Guards changes; package-private so that tests can hold it and see that lookups do not wait for it. */
    final ReentrantLock lock = new ReentrantLock();
    /** Recency order; guarded by {@link #lock}, as are {@link #generations} and writes of {@link #totalBytes}. */
    private final LinkedHashMap<String, Entry> order = new LinkedHashMap<>(64, 0.75f, true);
    private final long maxBytes;
    private volatile long totalBytes;
    private long generations;

    CacheIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * What indexing an entry did.
     *
     * @param generation the entry's generation
     * @param evicted    the keys that must go to stay in bounds; they are no longer indexed
     */
    record Put(long generation, List<String> evicted) {
    }

    /**
     * Records an entry as most recently used and evicts the least recently used past the bound.
     *
     * @param key        the entry's key
     * @param size       its bytes on disk
     * @param usedMillis when it was last used as its file's modification time says (now, for a commit)
     * @return its generation and the keys evicted
     */
    Put put(String key, long size, long usedMillis) {
        lock.lock();
        try {
            replayUses();
            Entry entry = new Entry(size, generations++, usedMillis);
            Entry previous = order.put(key, entry);
            entries.put(key, entry);
            long total = totalBytes + size - (previous == null ? 0 : previous.size);
            List<String> evicted = new ArrayList<>();
            Iterator<Map.Entry<String, Entry>> eldest = order.entrySet().iterator();
            while (total > maxBytes && eldest.hasNext()) {
                Map.Entry<String, Entry> victim = eldest.next();
                if (victim.getKey().equals(key)) {
                    continue;
                }
                total -= victim.getValue().size;
                evicted.add(victim.getKey());
                entries.remove(victim.getKey());
                eldest.remove();
            }
            totalBytes = total;
            return new Put(entry.generation, evicted);
        } finally {
            lock.unlock();
        }
    }

    /** Marks an entry as most recently used; returns its generation, or {@link #ABSENT}. Takes no lock. */
    long touch(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return ABSENT;
        }
        int count = recorded.incrementAndGet();
        if (count <= MAX_RECORDED) {
            uses.offer(key);
        } else {
            recorded.decrementAndGet();
        }
        if (count >= REPLAY_AT && lock.tryLock()) {
            try {
                replayUses();
            } finally {
                lock.unlock();
            }
        }
        return entry.generation;
    }

    /**
     * Whether a use of an entry is to be written to its file's modification time now: when the
     * last one written is older than {@code intervalMillis}. Says yes to one caller per interval.
     *
     * @param key            the entry's key
     * @param nowMillis      the time of the use
     * @param intervalMillis how stale the file's time may be
     * @return true when the caller is to write it
     */
    boolean shouldPersistUse(String key, long nowMillis, long intervalMillis) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return false;
        }
        long persisted = entry.persistedUseMillis.get();
        return nowMillis - persisted >= intervalMillis && entry.persistedUseMillis.compareAndSet(persisted, nowMillis);
    }

    /**
     * Forgets an entry if it is still the generation a reader saw.
     *
     * @return true when the file on disk is still the one seen: also when neither was indexed
     */
    boolean remove(String key, long generation) {
        lock.lock();
        try {
            replayUses();
            Entry entry = order.get(key);
            if (entry == null) {
                return generation == ABSENT;
            }
            if (entry.generation != generation) {
                return false;
            }
            order.remove(key);
            entries.remove(key);
            totalBytes -= entry.size;
            return true;
        } finally {
            lock.unlock();
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    int size() {
        return entries.size();
    }

    /** Moves each recorded use's entry to the recent end, in the order used. Under the lock. */
    private void replayUses() {
        for (String key = uses.poll(); key != null; key = uses.poll()) {
            recorded.decrementAndGet();
            order.get(key); // access order: moves it to the end, if still indexed
        }
    }
}
