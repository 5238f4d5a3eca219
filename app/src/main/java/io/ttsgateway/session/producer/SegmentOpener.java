package io.ttsgateway.session.producer;

import java.util.function.BooleanSupplier;

import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * Opens the segments of one request at its current provider: a whole text through the
 * {@link Synthesizer} (cache, identical requests in flight), the segments of a streamed request in
 * one {@link Continuation} there, and the next segment ahead as soon as its text is in, so the
 * provider prepares it while the current one plays. Used by the producer thread, except
 * {@link #abort()}.
 */
final class SegmentOpener {

    private final Synthesizer synthesizer;
    private final RequestSpec spec;
    private final TextFeed feed;
    private final ProviderSessions sessions;
    private final FallbackPolicy fallback;
    private final BooleanSupplier cancelled;
    private volatile Continuation continuation;
    private String aheadText;
    private AudioSource ahead;

    SegmentOpener(Synthesizer synthesizer, RequestSpec spec, TextFeed feed, ProviderSessions sessions,
                  FallbackPolicy fallback, BooleanSupplier cancelled) {
        this.synthesizer = synthesizer;
        this.spec = spec;
        this.feed = feed;
        this.sessions = sessions;
        this.fallback = fallback;
        this.cancelled = cancelled;
    }

    /**
     * Opens a segment: the one opened ahead when it is that one, otherwise now.
     */
    AudioSource open(String text) throws ProviderException, InterruptedException {
        if (ahead != null) { // nextText() handed out its text
            AudioSource opened = ahead;
            ahead = null;
            return opened;
        }
        return openNow(text);
    }

    /**
     * Opens the next segment ahead when its text has arrived. A failure here is left to the
     * segment's own turn, so that it is reported in order.
     */
    void prepareNext() throws InterruptedException {
        if (!feed.streamed() || aheadText != null || ahead != null) {
            return;
        }
        aheadText = feed.poll();
        if (aheadText == null) {
            return;
        }
        try {
            ahead = openNow(aheadText);
        } catch (ProviderException e) {
            ahead = null;
        }
    }

    /**
     * The text after the segment just streamed: the one opened ahead, or the next from the feed.
     *
     * @return the text, or {@code null} when the request's text has ended
     */
    String nextText() throws ProtocolException, InterruptedException {
        if (aheadText != null) {
            String text = aheadText;
            aheadText = null;
            return text;
        }
        return feed.next();
    }

    /**
     * Drops what was opened at a provider that failed; the next open goes to the current one.
     */
    void restart() {
        close();
    }

    /**
     * Tells the provider that no segment follows.
     */
    void finish() {
        Continuation utterance = continuation;
        if (utterance != null) {
            utterance.finish();
        }
    }

    /**
     * Closes what is open. Producer thread.
     */
    void close() {
        if (ahead != null) {
            ahead.close();
            ahead = null;
        }
        abort();
    }

    /**
     * Stops the continuation at the provider, cancelling every segment in it. Any thread.
     */
    void abort() {
        Continuation utterance = continuation;
        continuation = null;
        if (utterance != null) {
            utterance.close();
        }
    }

    private AudioSource openNow(String text) throws ProviderException, InterruptedException {
        TtsProvider provider = fallback.current();
        var request = spec.request(text, fallback.fellBack());
        if (!feed.streamed()) {
            return synthesizer.open(request, provider, sessions);
        }
        Continuation utterance = continuation;
        if (utterance == null) {
            utterance = sessions.of(provider).openContinuation();
            continuation = utterance;
            if (cancelled.getAsBoolean()) { // a stop that came meanwhile found no continuation to close
                utterance.close();
                throw new InterruptedException("cancelled");
            }
        }
        return synthesizer.openSegment(request, provider, utterance);
    }
}
