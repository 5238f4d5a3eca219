package io.ttsgateway.marytts;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.IndependentSegments;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.capacity.CapacityGate;
import io.ttsgateway.provider.capacity.Permit;

/**
 * A streamed request at the embedded engine: its segments each synthesized on their own, on one slot
 * taken at the first segment (where a refusal comes before any audio) and held until the utterance
 * closes, so a later segment is never refused as busy.
 */
final class MaryUtterance implements Continuation {

    private final CapacityGate gate;
    private final IndependentSegments segments;
    private Permit permit;
    private boolean closed;

    /** Creates the utterance; {@code admitted} opens a segment without taking a slot. */
    MaryUtterance(CapacityGate gate, ProviderSession admitted) {
        this.gate = gate;
        this.segments = new IndependentSegments(admitted);
    }

    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        synchronized (this) {
            if (permit == null && !closed) {
                permit = gate.admit();
            }
        }
        return segments.open(segment);
    }

    @Override
    public void close() {
        segments.close();
        Permit held;
        synchronized (this) {
            closed = true;
            held = permit;
        }
        if (held != null) {
            held.close();
        }
    }
}
