package io.ttsgateway.openai;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.HttpAudioCall;
import io.ttsgateway.provider.net.OpenResources;
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.openai.OpenAiSettings.NAME;

/**
 * OpenAI as one client connection sees it: its requests in flight, stopped when it closes. The
 * kept-alive connections live in the provider's client pool, shared by every session.
 */
final class OpenAiSession implements ProviderSession {

    /** Starts one request that the session tracks. */
    @FunctionalInterface
    interface Start {
        AudioStream start(SynthesisRequest request, OpenAiSession session) throws ProviderException;
    }

    private final Start start;
    private final OpenResources<HttpAudioCall> calls = new OpenResources<>(call -> call.abort(ProviderErrors.closed(NAME, "session")));

    OpenAiSession(Start start) {
        this.start = start;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException {
        if (calls.isClosed()) {
            throw ProviderErrors.closed(NAME, "session");
        }
        return start.start(request, this);
    }

    /** Takes a call not started yet; aborts it at once when the session closed meanwhile. */
    void track(HttpAudioCall call) {
        calls.add(call);
    }

    void forget(HttpAudioCall call) {
        calls.remove(call);
    }

    @Override
    public void close() {
        calls.close();
    }
}
