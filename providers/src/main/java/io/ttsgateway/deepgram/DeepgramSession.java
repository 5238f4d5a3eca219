package io.ttsgateway.deepgram;

import java.util.function.Consumer;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.LinkPool;

/**
 * Deepgram as one client connection sees it: its own sockets, pooled per {@link SocketSettings}, so
 * consecutive requests share a socket and a request synthesized ahead gets a second one. Each request
 * is an utterance of one segment.
 */
final class DeepgramSession implements ProviderSession {

    private final LinkPool<SocketSettings> pool;
    private final DeepgramUtterance.Requests requests;
    private final ProviderTimeouts timeouts;
    private final Consumer<DeepgramSession> closed;

    /**
     * Creates a session.
     *
     * @param pool     its sockets
     * @param requests builds Deepgram requests
     * @param timeouts first-byte and stall timeouts
     * @param closed   told once the session is closed
     */
    DeepgramSession(LinkPool<SocketSettings> pool, DeepgramUtterance.Requests requests, ProviderTimeouts timeouts,
                    Consumer<DeepgramSession> closed) {
        this.pool = pool;
        this.requests = requests;
        this.timeouts = timeouts;
        this.closed = closed;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        Continuation utterance = openContinuation();
        try {
            AudioStream stream = utterance.open(request);
            utterance.finish();
            return stream;
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            utterance.close();
            throw e;
        }
    }

    /**
     * Starts an utterance whose segments are spoken on one socket (see {@link DeepgramUtterance}).
     *
     * @return the continuation
     */
    @Override
    public Continuation openContinuation() {
        return new DeepgramUtterance(pool, requests, timeouts);
    }

    /** Closes every socket ({@code Close}, then the close frame); streams still open fail. */
    @Override
    public void close() {
        pool.close();
        closed.accept(this);
    }
}
