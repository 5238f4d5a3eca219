package io.ttsgateway.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a shared tier, read by the gateway's metrics. {@link AudioCache} counts hits, misses,
 * corrupt entries and dropped writes; the tier counts its own writes, errors and skipped calls.
 * Every lookup of the tier is either a hit or a miss; errors and skips are misses too.
 */
public final class SharedTierStats {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder corrupt = new LongAdder();

    /** Counts a lookup served from the tier (and copied to disk). */
    public void countHit() {
        hits.increment();
    }

    /** Counts a lookup that did not find a usable entry, for whatever reason. */
    public void countMiss() {
        misses.increment();
    }

    /** Counts a call that failed or timed out. */
    public void countError() {
        errors.increment();
    }

    /** Counts a call not made because the tier was down and backing off. */
    public void countSkipped() {
        skipped.increment();
    }

    /** Counts an entry stored. */
    public void countWrite() {
        writes.increment();
    }

    /** Counts an entry not stored because too many writes were pending. */
    public void countDropped() {
        dropped.increment();
    }

    /** Counts an entry that failed verification and was removed. */
    public void countCorrupt() {
        corrupt.increment();
    }

    /** @return lookups served from the tier */
    public long hits() {
        return hits.sum();
    }

    /** @return lookups that found nothing usable */
    public long misses() {
        return misses.sum();
    }

    /** @return calls that failed or timed out */
    public long errors() {
        return errors.sum();
    }

    /** @return calls skipped while the tier was down */
    public long skipped() {
        return skipped.sum();
    }

    /** @return entries stored */
    public long writes() {
        return writes.sum();
    }

    /** @return entries dropped because too many writes were pending */
    public long dropped() {
        return dropped.sum();
    }

    /** @return entries found corrupt and removed */
    public long corrupt() {
        return corrupt.sum();
    }
}
