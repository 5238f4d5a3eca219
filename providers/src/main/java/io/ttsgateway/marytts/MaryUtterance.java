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
 * closes, so a later segment is never refused as busy. Only the first segment's first sentence may be
 * cut at its first phrase ({@link FirstPhrase}): the later ones are synthesized while earlier ones play.
 */
final class MaryUtterance implements Continuation {

    private final CapacityGate gate;
    private final ProviderSession first;
    private final IndependentSegments segments;
    private Permit permit;
    private boolean opened;
    private boolean closed;

    /**
     * Creates the utterance; {@code first} and {@code later} open a segment without taking a slot, the
     * first segment and the others.
     */
    MaryUtterance(CapacityGate gate, ProviderSession first, ProviderSession later) {
        this.gate = gate;
        this.first = first;
        this.segments = new IndependentSegments(later);
    }

    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        boolean isFirst;
        synchronized (this) {
            if (permit == null && !closed) {
                permit = gate.admit();
            }
            isFirst = !opened;
            opened = true;
        }
        return isFirst ? segments.keep(first.open(segment)) : segments.open(segment);
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
