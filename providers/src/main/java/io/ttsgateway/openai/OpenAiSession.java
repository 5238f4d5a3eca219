package io.ttsgateway.openai;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.HttpAudioCall;

/**
 * OpenAI as one client connection sees it: its requests in flight, stopped when it closes. The
 * kept-alive connections live in the provider's client pool, shared by every session.
 */
final class OpenAiSession implements ProviderSession {

    private final OpenAiProvider provider;
    private final Set<HttpAudioCall> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    OpenAiSession(OpenAiProvider provider) {
        this.provider = provider;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        if (closed) {
            throw closedError();
        }
        return provider.start(request, this);
    }

    /** Takes a call not started yet; aborts it at once when the session closed meanwhile. */
    void track(HttpAudioCall call) {
        calls.add(call);
        if (closed) {
            call.abort(closedError());
        }
    }

    void forget(HttpAudioCall call) {
        calls.remove(call);
    }

    @Override
    public void close() {
        closed = true;
        calls.forEach(call -> call.abort(closedError()));
    }

    private static ProviderException closedError() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, OpenAiProvider.NAME + " session is closed");
    }
}
