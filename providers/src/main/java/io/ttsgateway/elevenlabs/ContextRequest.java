package io.ttsgateway.elevenlabs;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * One request on the multi-context WebSocket: one {@code context_id}, its audio inbox, its word
 * timings. Lives through at most two sockets: the one it was sent on and, when that one turned out
 * dead before answering, one fresh socket.
 */
final class ContextRequest implements AudioInbox.Owner {

    /** Longest wait of a cancel for the request's own messages to leave (three sends). */
    private static final long SEND_WAIT_SECONDS = 20;

    private final SocketKey key;
    private final ResolvedRequest request;
    private final AudioInbox inbox;
    private final WordAligner aligner;
    private final int bytesPerSecond;
    /**
     * Held while the request's messages are sent, so a cancel's {@code close_context} never
     * overtakes them (text arriving after the close would open a new context nobody closes).
     */
    private final ReentrantLock sending = new ReentrantLock();
    private ContextSocket socket;
    private String contextId;
    private boolean reused;
    private boolean cancelRequested;
    private volatile boolean retried;
    private volatile boolean accepted;
    /** Touched only by the reader of the socket currently serving the request. */
    private long deliveredBytes;

    /**
     * Creates the request; its first-byte clock starts now.
     *
     * @param key      the socket it needs
     * @param request  the request
     * @param produced the format ElevenLabs sends
     * @param timeouts first-byte and stall timeouts
     */
    ContextRequest(SocketKey key, ResolvedRequest request, AudioFormat produced, ProviderTimeouts timeouts) {
        this.key = key;
        this.request = request;
        this.inbox = new AudioInbox(ElevenLabsProvider.NAME, produced, timeouts, this);
        this.aligner = request.timestamps() ? new WordAligner() : null;
        this.bytesPerSecond = produced.bytesPerSecond();
    }

    SocketKey key() {
        return key;
    }

    ResolvedRequest request() {
        return request;
    }

    AudioInbox inbox() {
        return inbox;
    }

    ReentrantLock sending() {
        return sending;
    }

    /**
     * Binds the request to a socket and a context id. Called under the socket's lock.
     *
     * @param target the socket
     * @param id     the context id on it
     * @param reuse  whether the socket served other requests before
     * @return false when the request was cancelled meanwhile and must not be sent
     */
    synchronized boolean attach(ContextSocket target, String id, boolean reuse) {
        if (cancelRequested || inbox.isDone()) {
            return false;
        }
        this.socket = target;
        this.contextId = id;
        this.reused = reuse;
        return true;
    }

    synchronized String contextId() {
        return contextId;
    }

    synchronized boolean isCancelled() {
        return cancelRequested;
    }

    /**
     * Whether the request may be sent again on a fresh socket: its socket was reused (so it may
     * simply have expired), nothing at all came back for it, and it was not retried before.
     *
     * @return true when a retry cannot duplicate audio
     */
    synchronized boolean eligibleForRetry() {
        return reused && !accepted && !retried && !cancelRequested;
    }

    void markRetried() {
        retried = true;
    }

    /**
     * Audio for this context arrived. Called on the socket's reader.
     *
     * @param audio     the decoded bytes
     * @param alignment the chunk's character timings, or {@code null}
     */
    void onAudio(byte[] audio, CharAlignment alignment) {
        accepted = true;
        long offsetMs = deliveredBytes * 1000 / bytesPerSecond;
        deliveredBytes += audio.length;
        inbox.push(audio);
        if (aligner != null && alignment != null && !alignment.isEmpty()) {
            align(aligner.add(alignment, offsetMs));
        }
    }

    /**
     * A message without audio arrived for this context (the provider is working on it).
     */
    void onProgress() {
        accepted = true;
        inbox.touch();
    }

    /**
     * The context's final message arrived: the audio is complete.
     */
    void onFinal() {
        accepted = true;
        if (aligner != null) {
            align(aligner.finish());
        }
        inbox.finish();
    }

    /**
     * The request failed.
     *
     * @param error why
     */
    void fail(ProviderException error) {
        inbox.fail(error);
    }

    @Override
    public void released(AudioInbox released, boolean finished) {
        if (finished) {
            return;
        }
        ContextSocket current;
        synchronized (this) {
            cancelRequested = true;
            current = socket;
        }
        if (current != null) {
            current.cancel(this);
        }
    }

    /**
     * Waits for the request's own messages to have left, so that a cancel follows them.
     *
     * @return true when the lock is held and must be released
     * @throws InterruptedException when interrupted
     */
    boolean awaitSent() throws InterruptedException {
        return sending.tryLock(SEND_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void align(WordAlignment words) {
        if (!words.isEmpty()) {
            inbox.align(words);
        }
    }
}
