package io.ttsgateway.quota;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sessions each key has open on this replica, at most its limit: taking one is a single atomic
 * step, so a burst of connections with one key can never hold more. Sessions are counted per
 * replica (a replica that dies must not leave its sessions counted elsewhere).
 */
public final class SessionCounts {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> open = new HashMap<>();

    /** One open session of a key; closing it gives the place back, once. */
    public final class Lease implements AutoCloseable {
        private final String key;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release(key);
            }
        }
    }

    /**
     * Opens a session for a key when it is under its limit.
     *
     * @param key   the key's name
     * @param limit its limit, empty for none
     * @return the lease, or {@code null} when the key has its limit open
     */
    public Lease open(String key, OptionalInt limit) {
        lock.lock();
        try {
            int count = open.getOrDefault(key, 0);
            if (count >= limit.orElse(Integer.MAX_VALUE)) {
                return null;
            }
            open.put(key, count + 1);
            return new Lease(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sessions a key has open.
     *
     * @param key the key's name
     * @return the count
     */
    public int open(String key) {
        lock.lock();
        try {
            return open.getOrDefault(key, 0);
        } finally {
            lock.unlock();
        }
    }

    private void release(String key) {
        lock.lock();
        try {
            open.computeIfPresent(key, (k, count) -> count > 1 ? count - 1 : null);
        } finally {
            lock.unlock();
        }
    }
}
