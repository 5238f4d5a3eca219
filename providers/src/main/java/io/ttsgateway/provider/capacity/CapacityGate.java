package io.ttsgateway.provider.capacity;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderLoad;

/**
 * The requests one provider serves at once, counted: {@link #admit()} takes a slot in one atomic step
 * or refuses at once with a retryable {@link ProviderErrorKind#BUSY}, so the decision costs no wait and
 * a burst can never exceed the limit. A refusal carries a retry hint: the time one slot takes to free
 * on average (the mean hold divided by the slots).
 */
public final class CapacityGate implements ProviderLoad {

    /** The retry hint before any request finished, and its floor and ceiling. */
    static final Duration FIRST_HINT = Duration.ofMillis(500);
    static final Duration MIN_HINT = Duration.ofMillis(50);
    static final Duration MAX_HINT = Duration.ofSeconds(5);
    /** Weight of the newest hold in the moving mean. */
    private static final double SMOOTHING = 0.1;

    private final String provider;
    private final int limit;
    private final IntSupplier queued;
    private final AtomicInteger admitted = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    /** Mean time a slot is held, nanoseconds; 0 until a request finished. */
    private final AtomicLong meanHoldNanos = new AtomicLong();

    /**
     * Creates the gate.
     *
     * @param provider the provider's name, for the refusal's message
     * @param limit    requests admitted at once, at least 1
     * @param queued   the admitted requests waiting for the engine now, for the metrics
     */
    public CapacityGate(String provider, int limit, IntSupplier queued) {
        if (limit < 1) {
            throw new IllegalArgumentException(provider + " capacity must be at least 1");
        }
        this.provider = provider;
        this.limit = limit;
        this.queued = queued;
    }

    /**
     * Takes a slot, never waiting.
     *
     * @return the slot, to be closed when the request ends
     * @throws ProviderException {@code BUSY} with a retry hint when every slot is taken
     */
    public Permit admit() throws ProviderException {
        int now = admitted.get();
        while (now < limit) {
            if (admitted.compareAndSet(now, now + 1)) {
                return new Permit(this, System.nanoTime());
            }
            now = admitted.get();
        }
        refused.increment();
        throw new ProviderException(ProviderErrorKind.BUSY, provider + " is at capacity (" + limit
                + " requests at once); try again shortly or another provider", retryHint());
    }

    /** Called once per permit, by {@link Permit#close()}. */
    void release(long heldNanos) {
        admitted.decrementAndGet();
        meanHoldNanos.updateAndGet(mean -> mean == 0 ? heldNanos
                : (long) (mean + SMOOTHING * (heldNanos - mean)));
    }

    /** The time until a slot frees, on average: slots free at {@code limit} per mean hold. */
    Duration retryHint() {
        long mean = meanHoldNanos.get();
        if (mean == 0) {
            return FIRST_HINT;
        }
        Duration hint = Duration.ofNanos(mean / limit);
        return hint.compareTo(MIN_HINT) < 0 ? MIN_HINT : hint.compareTo(MAX_HINT) > 0 ? MAX_HINT : hint;
    }

    @Override
    public int admitted() {
        return admitted.get();
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public int queued() {
        return queued.getAsInt();
    }

    @Override
    public long refused() {
        return refused.sum();
    }
}
