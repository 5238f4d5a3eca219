package io.ttsgateway.provider;

/**
 * A provider as one client connection of the gateway sees it: the place where a provider keeps
 * what it may reuse across that connection's requests (an open WebSocket, a warm context), and
 * nothing that another connection could see.
 *
 * <p>Opened lazily on a session's first request to the provider and closed with the session.
 * {@link #open(SynthesisRequest)} may be called from several threads at once (a session
 * synthesizes its next request while the current one plays).
 */
@FunctionalInterface
public interface ProviderSession extends AutoCloseable {

    /**
     * Starts synthesizing one request and returns at once; the audio is pulled from the stream.
     *
     * @return the audio in {@code request.format()} (converted by the provider when it is not native,
     *         see {@link ConvertedAudioStream}), closed by the caller
     * @throws InterruptedException when the calling thread is interrupted (the request was cancelled)
     */
    AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException;

    /**
     * Starts an utterance whose text arrives in segments. Providers that take streaming input
     * override this to keep all segments in one provider-side context; the default speaks each
     * segment as a request of its own.
     */
    default Continuation openContinuation() {
        return new IndependentSegments(this);
    }

    /** Releases the connections this session holds; streams still open fail. Idempotent. */
    @Override
    default void close() {
    }
}
