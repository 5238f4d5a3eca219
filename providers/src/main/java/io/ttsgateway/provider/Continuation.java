package io.ttsgateway.provider;

/**
 * One utterance whose text arrives in segments, spoken in one provider-side context where the provider
 * takes streaming input (so prosody carries across), else segment by segment ({@link IndependentSegments}).
 * Segments are opened in order with the same voice, model, format and settings; each stream holds
 * exactly its segment's audio (so each may be cached), with word timings from its own start. Segment
 * n+1 may be opened before n is read to the end; streams are read in opening order. One thread opens,
 * another reads; {@link #close()} may come from any thread.
 */
public interface Continuation extends AutoCloseable {

    /** Sends the next segment and returns at once: a stream of this segment's audio only, closed by the caller. */
    AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException;

    /** No segment follows: the context may end after the last one's audio; opened streams still deliver. */
    default void finish() {
    }

    /** Cancels every segment still being synthesized and ends its stream; idempotent, from any thread. */
    @Override
    void close();
}
