package io.ttsgateway.usage;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.quota.QuotaCounter;

/**
 * Usage per key and provider: each request's counts go to the meters at once and into a pending
 * tally, which a background thread adds to the {@link UsageStore} every flush interval (and once
 * more on close). A store that cannot be reached keeps the tally pending for the next flush, so
 * nothing is lost while the process runs; one warning tells of it, one line of its return.
 */
public final class UsageLedger implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(UsageLedger.class.getName());
    /** Longest wait on close for a flush in progress. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final UsageStore store;
    private final UsageMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock flushing = new ReentrantLock();
    private final ScheduledExecutorService flusher;
    private Map<UsageKey, Usage> pending = new HashMap<>();
    /** Whether the last flush failed; under {@link #flushing}. */
    private boolean failing;

    private UsageLedger(UsageStore store, UsageMetrics metrics, ScheduledExecutorService flusher) {
        this.store = store;
        this.metrics = metrics;
        this.flusher = flusher;
    }

    /**
     * Creates the ledger and starts its flush thread.
     *
     * @param store    where totals are kept; closed with the ledger
     * @param metrics  the meters
     * @param interval longest time between a request's end and its usage being stored
     * @return the ledger
     */
    public static UsageLedger start(UsageStore store, UsageMetrics metrics, Duration interval) {
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("tts-usage-flush").factory());
        UsageLedger ledger = new UsageLedger(store, metrics, flusher);
        long period = Math.max(1, interval.toMillis());
        flusher.scheduleWithFixedDelay(ledger::flush, period, period, TimeUnit.MILLISECONDS);
        return ledger;
    }

    /**
     * A ledger in memory with no flush thread, for gateways built without a store (unit tests).
     *
     * @return the ledger
     */
    public static UsageLedger inMemory() {
        return new UsageLedger(new MemoryUsageStore(), new UsageMetrics(), null);
    }

    /**
     * The quota windows kept with the usage.
     *
     * @return the counter
     */
    public QuotaCounter quotas() {
        return store.quotas();
    }

    /**
     * The meters, for refusals.
     *
     * @return the meters
     */
    public UsageMetrics metrics() {
        return metrics;
    }

    /**
     * Counts what one request used.
     *
     * @param key   key and provider
     * @param usage the request's usage
     */
    public void record(UsageKey key, Usage usage) {
        metrics.record(key, usage);
        lock.lock();
        try {
            pending.merge(key, usage, Usage::plus);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds what is pending to the store now.
     *
     * @return true when stored (or nothing was pending)
     */
    public boolean flush() {
        flushing.lock();
        try {
            Map<UsageKey, Usage> batch = takePending();
            try {
                store.add(batch);
            } catch (IOException | RuntimeException e) {
                putBack(batch);
                if (!failing) {
                    failing = true;
                    LOGGER.warning(() -> "Usage cannot be stored in " + store.kind() + " (" + e.getClass().getSimpleName()
                            + ": " + e.getMessage() + "); it is kept in memory and stored once it can be");
                }
                return false;
            }
            if (failing) {
                failing = false;
                LOGGER.info(() -> "Usage is stored in " + store.kind() + " again");
            }
            return true;
        } finally {
            flushing.unlock();
        }
    }

    /**
     * The totals: what the store holds plus what this process has not stored yet.
     *
     * @return the report, sorted by key and provider
     */
    public UsageReport report() {
        Map<UsageKey, Usage> totals = new TreeMap<>();
        boolean complete = true;
        // Under the flush lock, so a batch is counted once: in the store or still pending.
        flushing.lock();
        try {
            try {
                totals.putAll(store.totals());
            } catch (IOException e) {
                complete = false;
            }
            lock.lock();
            try {
                pending.forEach((key, usage) -> totals.merge(key, usage, Usage::plus));
            } finally {
                lock.unlock();
            }
        } finally {
            flushing.unlock();
        }
        return new UsageReport(store.kind(), complete, totals);
    }

    /** Stops the flush thread, stores what is pending, and closes the store. */
    @Override
    public void close() {
        if (flusher != null) {
            // Not interrupted: a flush in progress (a file being forced to disk) is let finish.
            flusher.shutdown();
            try {
                if (!flusher.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    flusher.shutdownNow();
                }
            } catch (InterruptedException e) {
                flusher.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        flush();
        store.close();
    }

    private Map<UsageKey, Usage> takePending() {
        lock.lock();
        try {
            Map<UsageKey, Usage> batch = pending;
            pending = new HashMap<>();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void putBack(Map<UsageKey, Usage> batch) {
        lock.lock();
        try {
            batch.forEach((key, usage) -> pending.merge(key, usage, Usage::plus));
        } finally {
            lock.unlock();
        }
    }
}
