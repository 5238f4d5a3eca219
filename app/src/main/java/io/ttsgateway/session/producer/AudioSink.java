package io.ttsgateway.session.producer;

import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.protocol.GatewayError;

/**
 * Where a {@link Producer} puts a request's audio, in order, and how the request ended: exactly one
 * of {@link #end}, {@link #fail} or {@link #cancel}, unless a put refused (the request is over).
 */
public interface AudioSink {

    /**
     * Takes the next audio, in the client's format, possibly waiting for room.
     *
     * @return false when the request is over: stop producing
     */
    boolean put(byte[] chunk) throws InterruptedException;

    /**
     * Takes word timings, in order with the audio.
     *
     * @return false when the request is over: stop producing
     */
    boolean align(WordAlignment alignment) throws InterruptedException;

    /** All the audio was put. */
    void end();

    /**
     * The request failed.
     *
     * @param error what failed
     */
    void fail(GatewayError error);

    /** The producer was interrupted: the request is over without an answer of its own. */
    void cancel();
}
