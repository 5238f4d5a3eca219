package io.ttsgateway.provider;

/**
 * One utterance whose text arrives in segments (streaming input), spoken by one provider. Providers
 * that take text incrementally (ElevenLabs contexts, Deepgram Speak and Flush, Cartesia
 * continuations) send every segment into one provider-side context, so prosody carries across the
 * seams; the others speak each segment on its own ({@link IndependentSegments}).
 *
 * <p>Segments are opened in order, all with the same voice, model, format and settings; only the
 * text differs. Each {@link #open(SynthesisRequest)} returns the audio of exactly that segment: the
 * stream ends when the provider has finished that segment, so the caller can cache every segment on
 * its own. The caller may open segment n+1 before it has read segment n to the end, so that the
 * provider prepares it while n plays; it reads the streams in the order it opened them. Word timings
 * of a segment are relative to the start of that segment's audio.
 *
 * <p>One thread opens segments and another reads them; {@link #close()} may come from any thread.
 */
public interface Continuation extends AutoCloseable {

    /** Sends the next segment and returns at once: a stream of this segment's audio only, closed by the caller. */
    AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException;

    /**
     * Declares that no segment follows, so the provider can end its context once the last segment's
     * audio is out. Does not wait; streams already opened still deliver their audio.
     */
    default void finish() {
    }

    /**
     * Stops the utterance: every segment still being synthesized is cancelled at the provider and
     * its stream ends. Idempotent, safe from any thread.
     */
    @Override
    void close();
}
