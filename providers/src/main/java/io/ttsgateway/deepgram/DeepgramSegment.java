package io.ttsgateway.deepgram;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One {@code Speak}+{@code Flush} on its way: a whole request or one segment of an utterance, with
 * its audio inbox and one chance to be sent again on another socket (after a refused flush).
 */
final class DeepgramSegment implements AudioInbox.Owner {

    private final SpeakRequest request;
    private final int order;
    private final AudioInbox inbox;
    private final AtomicBoolean retried = new AtomicBoolean();
    private final Consumer<DeepgramSegment> abandoned;

    /**
     * Creates a segment; its first-byte clock starts now.
     *
     * @param request  what is sent
     * @param order    its place in the utterance, from 0
     * @param timeouts first-byte and stall timeouts
     * @param abandoned told when the reader closes the stream before its end
     */
    DeepgramSegment(SpeakRequest request, int order, ProviderTimeouts timeouts, Consumer<DeepgramSegment> abandoned) {
        this.request = request;
        this.order = order;
        this.abandoned = abandoned;
        this.inbox = new AudioInbox(DeepgramErrors.NAME, request.settings().output().format(), timeouts, this);
    }

    SpeakRequest request() {
        return request;
    }

    int order() {
        return order;
    }

    AudioInbox inbox() {
        return inbox;
    }

    /**
     * Takes the segment's one resend, if its audio is still wanted.
     *
     * @return true the first time, while the stream is open
     */
    boolean takeRetry() {
        return !inbox.isDone() && retried.compareAndSet(false, true);
    }

    @Override
    public void released(AudioInbox closed, boolean finished) {
        if (!finished) {
            abandoned.accept(this);
        }
    }

    /**
     * Never prints text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "DeepgramSegment[" + request.settings() + ", " + order + "]";
    }
}
