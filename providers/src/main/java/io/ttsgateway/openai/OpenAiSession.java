package io.ttsgateway.openai;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * OpenAI as one client connection sees it. OpenAI speaks plain HTTP/1.1, one request per
 * connection at a time, so there is no socket to own here: kept-alive connections live in the
 * provider's client pool, where any session reuses them (a connection carries no state of a
 * session). What the session owns is its requests in flight, stopped when it closes.
 */
final class OpenAiSession implements ProviderSession {

    private final OpenAiProvider provider;
    private final Set<OpenAiCall> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Creates a session.
     *
     * @param provider the provider whose client it uses
     */
    OpenAiSession(OpenAiProvider provider) {
        this.provider = provider;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, OpenAiProvider.NAME + " session is closed");
        }
        return provider.start(request, this);
    }

    /**
     * Takes a new call into the session's care; aborts it at once when the session closed meanwhile.
     *
     * @param call the call, not started yet
     */
    void track(OpenAiCall call) {
        calls.add(call);
        if (closed) {
            call.abort(closedFailure());
        }
    }

    /**
     * Forgets a call that is over.
     *
     * @param call the call
     */
    void forget(OpenAiCall call) {
        calls.remove(call);
    }

    @Override
    public void close() {
        closed = true;
        for (OpenAiCall call : calls) {
            call.abort(closedFailure());
        }
    }

    private static ProviderException closedFailure() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, OpenAiProvider.NAME + " session was closed");
    }
}
