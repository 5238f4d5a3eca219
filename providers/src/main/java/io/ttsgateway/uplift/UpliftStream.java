package io.ttsgateway.uplift;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * The audio of one request in Uplift's format. Mostly a view of the request's {@link AudioInbox};
 * it exists for the one case where a request moves: when the reused connection it was sent on
 * turns out to have died before Uplift answered anything for it, the request is sent once more
 * on a new connection, and reading continues from the new inbox. A request that received anything
 * is never sent again, so no audio can be played twice.
 */
final class UpliftStream implements AudioStream {

    private final UpliftSession session;
    private final UpliftRequest request;
    /** Longest wait for a resend: a new connection, possibly after another one being opened. */
    private final Duration resendWait;
    private final ReentrantLock lock = new ReentrantLock();
    private AudioInbox current;
    private CompletableFuture<AudioInbox> resend;
    private boolean resent;
    private boolean closed;

    UpliftStream(UpliftSession session, UpliftRequest request, Duration connectTimeout) {
        this.session = session;
        this.request = request;
        this.resendWait = connectTimeout.multipliedBy(2).plusSeconds(1);
    }

    /**
     * What is sent to Uplift.
     *
     * @return the request
     */
    UpliftRequest request() {
        return request;
    }

    @Override
    public AudioFormat format() {
        return request.format().audioFormat();
    }

    /**
     * Sets the inbox of the first send.
     *
     * @param inbox the inbox
     */
    void attach(AudioInbox inbox) {
        boolean close;
        lock.lock();
        try {
            close = closed;
            if (!closed && current == null) {
                current = inbox;
            }
        } finally {
            lock.unlock();
        }
        if (close) {
            inbox.close();
        }
    }

    /**
     * Called by a connection that died before Uplift answered anything for this request: sends the
     * request again on the session's next connection, unless that was done once already or the
     * stream is closed. Does not block (runs on the connection's reader).
     *
     * @return true when a resend was started; the connection then fails the old inbox, and
     *         {@link #read()} moves on to the new one
     */
    boolean retryElsewhere() {
        CompletableFuture<AudioInbox> next = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed || resent) {
                return false;
            }
            resent = true;
            resend = next;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("uplift-resend").start(() -> {
            try {
                AudioInbox inbox = session.resend(this);
                if (!next.complete(inbox)) {
                    // Closed meanwhile: cancel the resent request at Uplift.
                    inbox.close();
                }
            } catch (ProviderException | InterruptedException | RuntimeException e) {
                next.completeExceptionally(e);
            }
        });
        return true;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (true) {
            AudioInbox inbox;
            lock.lock();
            try {
                if (closed || current == null) {
                    return null;
                }
                inbox = current;
            } finally {
                lock.unlock();
            }
            try {
                return inbox.read();
            } catch (ProviderException e) {
                CompletableFuture<AudioInbox> next;
                lock.lock();
                try {
                    next = resend;
                } finally {
                    lock.unlock();
                }
                if (next == null) {
                    throw e;
                }
                AudioInbox fresh = awaitResend(next);
                // The old inbox failed on its own; closing it cancels nothing at Uplift.
                inbox.close();
                if (!switchTo(fresh)) {
                    return null;
                }
            }
        }
    }

    /** The inbox of the resent request, or null when the stream was closed meanwhile. */
    private AudioInbox awaitResend(CompletableFuture<AudioInbox> next) throws ProviderException,
            InterruptedException {
        try {
            return next.get(resendWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException failure) {
                throw failure;
            }
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                            UpliftProvider.NAME + " resend was interrupted", interrupted);
            }
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                        UpliftProvider.NAME + " resend failed", e.getCause());
        } catch (TimeoutException e) {
            next.cancel(false);
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME
                    + " could not resend the request in " + resendWait.toMillis() + " ms");
        }
    }

    private boolean switchTo(AudioInbox fresh) {
        boolean use;
        lock.lock();
        try {
            use = fresh != null && !closed;
            if (use) {
                current = fresh;
                resend = null;
            }
        } finally {
            lock.unlock();
        }
        if (!use && fresh != null) {
            fresh.close();
        }
        return use;
    }

    @Override
    public void close() {
        AudioInbox inbox;
        CompletableFuture<AudioInbox> next;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            inbox = current;
            next = resend;
        } finally {
            lock.unlock();
        }
        if (next != null && !next.cancel(false) && !next.isCompletedExceptionally()) {
            // The resend had completed: that request is running at Uplift and must be cancelled.
            next.join().close();
        }
        if (inbox != null) {
            // Wakes a blocked read(), and cancels the request at Uplift unless it had ended.
            inbox.close();
        }
    }
}
