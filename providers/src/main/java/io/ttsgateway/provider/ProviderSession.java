package io.ttsgateway.provider;

/**
 * A provider as one client connection sees it, keeping what its requests may reuse (a socket, a warm
 * context) and nothing another connection could see. Opened on the first request, closed with the
 * session; {@link #open(SynthesisRequest)} may be called from several threads at once.
 */
@FunctionalInterface
public interface ProviderSession extends AutoCloseable {

    /** Starts a request, returning at once its stream in {@code request.format()}; interrupted when cancelled. */
    AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException;

    /** Starts an utterance whose text arrives in segments; by default each is a request of its own. */
    default Continuation openContinuation() {
        return new IndependentSegments(this);
    }

    /** Releases the connections this session holds; streams still open fail. Idempotent. */
    @Override
    default void close() {
    }
}
