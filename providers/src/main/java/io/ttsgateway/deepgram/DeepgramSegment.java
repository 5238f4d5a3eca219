package io.ttsgateway.deepgram;

import java.util.concurrent.atomic.AtomicBoolean;

import io.ttsgateway.provider.net.AudioInbox;

/**
 * One {@code Speak}+{@code Flush} on its way: what is sent, its audio, and whether it took its one
 * resend on another socket (after a refused flush).
 */
record DeepgramSegment(SpeakRequest request, AudioInbox inbox, AtomicBoolean resent) {

    /** Takes the one resend, while the audio is still wanted. */
    boolean takeResend() {
        return !inbox.isDone() && resent.compareAndSet(false, true);
    }
}
