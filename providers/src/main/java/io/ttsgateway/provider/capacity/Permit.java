package io.ttsgateway.provider.capacity;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted request's slot at a {@link CapacityGate}; closing it frees the slot once, from any thread. */
public final class Permit implements AutoCloseable {

    private final CapacityGate gate;
    private final long admittedAt;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(CapacityGate gate, long admittedAt) {
        this.gate = gate;
        this.admittedAt = admittedAt;
    }

    /** Frees the slot; idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            gate.release(System.nanoTime() - admittedAt);
        }
    }
}
