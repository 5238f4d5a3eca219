package io.ttsgateway.observe.trace;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.TtsProvider;

/**
 * The trace of one synthesis request, as the session and synthesis code tell it what happens. Every
 * method does nothing by default ({@link #NONE}, used when tracing is off). Times are
 * {@link System#nanoTime()} values. Any thread; the text of a request never goes into a trace, only
 * its length.
 */
public interface RequestTrace {

    /** The trace of a request nobody traces. */
    RequestTrace NONE = new RequestTrace() {
    };

    /**
     * What the request asks for, once its options are resolved.
     *
     * @param provider the provider asked for
     * @param voice    the voice asked for, or {@code null} for the provider's default
     * @param format   the client's audio format
     * @param streamed whether the text arrives incrementally
     */
    default void describe(TtsProvider provider, String voice, AudioFormat format, boolean streamed) {
    }

    /**
     * Counts characters of the request's text.
     *
     * @param count characters admitted
     */
    default void characters(long count) {
    }

    /**
     * A segment's audio was opened: from the cache, or at a provider, whose attempt span starts
     * then (once per provider).
     *
     * @param provider     the provider in use
     * @param cached       whether the audio came from the cache
     * @param startedNanos when the open began
     */
    default void opened(String provider, boolean cached, long startedNanos) {
    }

    /**
     * A provider failed: its attempt span ends with the error.
     *
     * @param provider     the provider
     * @param errorCode    the error code the failure maps to
     * @param startedNanos when the failed open began, for an attempt that had no span yet
     */
    default void providerFailed(String provider, String errorCode, long startedNanos) {
    }

    /**
     * The request moved to the next provider after a failure.
     *
     * @param from the provider that failed
     * @param to   the provider now in use
     */
    default void fellBack(String from, String to) {
    }

    /**
     * The synthesis ended on its own (completed, or failed at a provider or on the input): the
     * provider attempt in progress ends with it. A cancelled synthesis leaves that to {@link #end}.
     *
     * @param outcome   {@code completed} or {@code failed}
     * @param errorCode the error code when failed, else {@code null}
     */
    default void synthesisEnded(String outcome, String errorCode) {
    }

    /**
     * The first audio reached the client.
     *
     * @param source {@code cache}, or the provider that produced it
     */
    default void firstByte(String source) {
    }

    /**
     * The request is over: its span ends, and any provider attempt still open with it. Only the
     * first call counts.
     *
     * @param outcome   {@code completed}, {@code cancelled} or {@code failed}
     * @param errorCode the error code when failed, else {@code null}
     */
    default void end(String outcome, String errorCode) {
    }
}
