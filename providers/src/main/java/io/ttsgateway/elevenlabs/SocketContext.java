package io.ttsgateway.elevenlabs;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.provider.ProviderException;

/**
 * What one {@code context_id} of a multi-context socket carries: a single request
 * ({@link ContextRequest}) or a streamed utterance ({@link ContextSegments}). The socket routes the
 * context's messages here; this keeps what both kinds share: the binding to a socket and an id, the
 * cancel flag, the one-retry rule, and the lock that keeps a cancel behind the context's own sends.
 *
 * <p>A context lives through at most two sockets: the one it was sent on and, when that one turned
 * out dead before answering, one fresh socket.
 */
abstract class SocketContext {

    /** Longest wait of a cancel for the context's own messages to leave (a few sends). */
    private static final long SEND_WAIT_SECONDS = 20;

    private final SocketKey key;
    /**
     * Held while the context's messages are sent, so a cancel's {@code close_context} never
     * overtakes them (text arriving after the close would open a new context nobody closes), and so
     * a resend on a fresh socket and a segment sent meanwhile never miss or repeat each other.
     */
    private final ReentrantLock sending = new ReentrantLock();
    private ContextSocket socket;
    private String contextId;
    private boolean reused;
    private boolean cancelRequested;
    private volatile boolean retried;
    private volatile boolean accepted;

    /**
     * Creates the context.
     *
     * @param key the socket it needs
     */
    SocketContext(SocketKey key) {
        this.key = key;
    }

    SocketKey key() {
        return key;
    }

    ReentrantLock sending() {
        return sending;
    }

    /**
     * The voice settings of the context's first message.
     *
     * @return the settings
     */
    abstract VoiceSettings voiceSettings();

    /**
     * The texts to send after the first message, each flushed. Called under {@link #sending()}.
     *
     * @return the texts so far, in order
     */
    abstract List<String> texts();

    /**
     * Whether the input is complete, so that {@code close_context} follows the texts. Called under
     * {@link #sending()}.
     *
     * @return true when no more text comes
     */
    abstract boolean inputEnded();

    /**
     * Whether the socket should read the character timings of this context's audio.
     *
     * @return true when they are used
     */
    abstract boolean wantsAlignment();

    /**
     * Audio for this context arrived. Called on the socket's reader.
     *
     * @param audio     the decoded bytes
     * @param alignment the chunk's character timings, or {@code null}
     */
    abstract void onAudio(byte[] audio, CharAlignment alignment);

    /**
     * A message without audio arrived for this context (the provider is working on it).
     */
    abstract void onProgress();

    /**
     * The context's final message arrived: its audio is complete.
     */
    abstract void onFinal();

    /**
     * The context failed.
     *
     * @param error why
     */
    abstract void fail(ProviderException error);

    /**
     * Everything {@link #texts()} and {@link #inputEnded()} asked for has left on a socket. Called
     * under {@link #sending()}.
     *
     * @param target the socket
     */
    void sent(ContextSocket target) {
    }

    /**
     * Whether the context may still be bound to a socket.
     *
     * @return false when it is over (its streams closed or ended)
     */
    abstract boolean bindable();

    /**
     * Binds the context to a socket and a context id. Called under the socket's lock.
     *
     * @param target the socket
     * @param id     the context id on it
     * @param reuse  whether the socket served other contexts before
     * @return false when the context was cancelled meanwhile and must not be sent
     */
    synchronized boolean attach(ContextSocket target, String id, boolean reuse) {
        if (cancelRequested || !bindable()) {
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

    synchronized ContextSocket socket() {
        return socket;
    }

    synchronized boolean isCancelled() {
        return cancelRequested;
    }

    /**
     * Whether the context may be sent again on a fresh socket: its socket was reused (so it may
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
     * Notes that something came back for the context, so it is never sent again.
     */
    void accepted() {
        accepted = true;
    }

    /**
     * Cancels the context at the provider: {@code close_context} on its socket, off the caller's
     * thread. Idempotent.
     */
    void cancel() {
        ContextSocket current;
        synchronized (this) {
            if (cancelRequested) {
                return;
            }
            cancelRequested = true;
            current = socket;
        }
        if (current != null) {
            current.cancel(this);
        }
    }

    /**
     * Waits for the context's own messages to have left, so that a cancel follows them.
     *
     * @return true when the lock is held and must be released
     * @throws InterruptedException when interrupted
     */
    boolean awaitSent() throws InterruptedException {
        return sending.tryLock(SEND_WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
