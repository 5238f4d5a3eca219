package io.ttsgateway.fakes;

import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One context of the fake's multi-context socket: the text buffered since the last flush, the
 * flushed texts waiting for their audio (each flush is generated on its own, in order, like the real
 * service's buffer being emptied), the audio position, and the flags of its streaming thread. Guarded
 * by the socket's state lock, except {@link #stop}.
 */
final class FakeElevenLabsContext {

    /**
     * One flushed text and the failure scripted for its audio.
     *
     * @param text    the text, as buffered
     * @param failure what goes wrong while it is streamed
     */
    record Flushed(String text, FakeBehavior.Failure failure) {
    }

    final String id;
    final JsonNode voiceSettings;
    /** The failure taken when the context opened; it applies to the first flushed text. */
    final FakeBehavior.Failure failure;
    /** Text received since the last flush. */
    final StringBuilder buffer = new StringBuilder();
    /** Flushed texts whose audio is not streamed yet. */
    final ArrayDeque<Flushed> flushed = new ArrayDeque<>();
    /** Released to stop the context's stream at once (cancel, socket end). */
    final CountDownLatch stop = new CountDownLatch(1);
    int totalChars;
    long samplesSent;
    int flushes;
    boolean streaming;
    boolean closing;

    FakeElevenLabsContext(String id, JsonNode voiceSettings, FakeBehavior.Failure failure) {
        this.id = id;
        this.voiceSettings = voiceSettings;
        this.failure = failure;
    }

    /**
     * Moves the buffered text to the flushed queue. Empty buffers flush nothing.
     *
     * @param later the failure for a flush after the first (taken from the behavior by the caller)
     * @return true when a text was queued
     */
    boolean flush(FakeBehavior.Failure later) {
        if (buffer.isEmpty()) {
            return false;
        }
        flushed.add(new Flushed(buffer.toString(), flushes == 0 ? failure : later));
        flushes++;
        buffer.setLength(0);
        return true;
    }
}
