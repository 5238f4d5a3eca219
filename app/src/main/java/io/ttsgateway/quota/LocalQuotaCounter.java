package io.ttsgateway.quota;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Quota windows in this process's memory: the store of a single replica (saved with its usage so a
 * restart does not start a day over), and the stand-in while a shared Redis cannot be reached.
 * Only windows that have a limit are counted.
 */
public final class LocalQuotaCounter implements QuotaCounter {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Map<QuotaWindow, Count>> counts = new HashMap<>();
    private long changes;

    /** The characters of one window of one key. */
    private static final class Count {
        private long index;
        private long characters;

        Count(long index, long characters) {
            this.index = index;
            this.characters = characters;
        }

        long used(long now) {
            return index == now ? characters : 0;
        }
    }

    @Override
    public QuotaDecision charge(String key, long characters, Quota quota, Instant now) {
        QuotaDecision tooLarge = QuotaDecision.neverFits(quota, characters).orElse(null);
        if (tooLarge != null) {
            return tooLarge;
        }
        lock.lock();
        try {
            Map<QuotaWindow, Count> windows = counts.computeIfAbsent(key, k -> new EnumMap<>(QuotaWindow.class));
            for (QuotaWindow window : QuotaWindow.values()) {
                long limit = quota.characters(window).orElse(Long.MAX_VALUE);
                Count count = windows.get(window);
                long used = count == null ? 0 : count.used(window.index(now));
                if (used + characters > limit) {
                    return new QuotaDecision(window, limit, window.untilNext(now));
                }
            }
            for (QuotaWindow window : QuotaWindow.values()) {
                if (quota.characters(window).isPresent()) {
                    long index = window.index(now);
                    Count count = windows.computeIfAbsent(window, w -> new Count(index, 0));
                    count.characters = count.used(index) + characters;
                    count.index = index;
                }
            }
            changes++;
            return QuotaDecision.ALLOWED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every window counted, to be saved.
     *
     * @return the counts
     */
    public List<WindowCount> snapshot() {
        lock.lock();
        try {
            List<WindowCount> all = new ArrayList<>();
            counts.forEach((key, windows) -> windows.forEach(
                    (window, count) -> all.add(new WindowCount(key, window, count.index, count.characters))));
            return all;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes saved counts back; a window that has passed since counts as empty.
     *
     * @param saved the counts of {@link #snapshot()}
     */
    public void restore(List<WindowCount> saved) {
        lock.lock();
        try {
            for (WindowCount count : saved) {
                counts.computeIfAbsent(count.key(), k -> new EnumMap<>(QuotaWindow.class))
                        .put(count.window(), new Count(count.index(), count.characters()));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many charges were made, to tell whether the counts changed since they were saved.
     *
     * @return a number that grows with every charge
     */
    public long changes() {
        lock.lock();
        try {
            return changes;
        } finally {
            lock.unlock();
        }
    }
}
