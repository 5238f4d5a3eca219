package io.ttsgateway.elevenlabs;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;

/** Where an utterance's segments go: one context on a socket, or an HTTP request each. */
interface Segments {

    /** Sends the next segment; its stream ends with that segment's audio. */
    AudioStream open(ResolvedRequest segment) throws ProviderException, InterruptedException;

    /** No segment follows: the provider may end the utterance once its audio is out. */
    default void finish() {
    }

    /** Stops the utterance; idempotent, any thread. */
    void close();

    /** Speaks a whole request: its only segment, then the end. */
    default AudioStream speak(ResolvedRequest request) throws ProviderException, InterruptedException {
        AudioStream stream = open(request);
        finish();
        return stream;
    }
}
