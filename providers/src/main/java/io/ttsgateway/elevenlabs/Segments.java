package io.ttsgateway.elevenlabs;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;

/** Where an utterance's segments go: one context on a socket, or an HTTP request each. */
interface Segments {

    /** The first segment's audio; the first segment went out with the utterance's start. */
    AudioStream first();

    /** Sends the next segment; its stream ends with that segment's audio. */
    AudioStream open(ResolvedRequest segment) throws ProviderException, InterruptedException;

    /** No segment follows: the provider may end the utterance once its audio is out. */
    default void finish() {
    }

    /** Stops the utterance; idempotent, any thread. */
    void close();
}
