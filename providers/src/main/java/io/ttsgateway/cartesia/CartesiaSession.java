package io.ttsgateway.cartesia;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.link.LinkPool;

/**
 * Cartesia as one gateway connection sees it: sockets of its own (one, but while one is replaced),
 * opened on the first request; each request on a context of its own, each utterance on one context.
 */
final class CartesiaSession implements ProviderSession {

    /** The pool's only key: every socket of a session is alike. */
    static final String KEY = CartesiaProvider.NAME;

    private final LinkPool<String> pool;
    private final CartesiaContinuation.Checker checker;
    private final ProviderTimeouts timeouts;
    private final Runnable onClose;

    CartesiaSession(LinkPool<String> pool, CartesiaContinuation.Checker checker, ProviderTimeouts timeouts,
                    Runnable onClose) {
        this.pool = pool;
        this.checker = checker;
        this.timeouts = timeouts;
        this.onClose = onClose;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        return CartesiaContinuation.whole(pool, checker.check(request), timeouts);
    }

    @Override
    public Continuation openContinuation() {
        return new CartesiaContinuation(pool, checker, timeouts);
    }

    /** Closes the session's sockets; requests still in flight fail {@code UNAVAILABLE}. */
    @Override
    public void close() {
        pool.close();
        onClose.run();
    }
}
