package io.ttsgateway.cartesia;

import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * The audio of one segment of a {@link CartesiaContinuation}, as its reader sees it: the segment's
 * inbox on its context, replaced once when the continuation is sent again on a fresh socket because
 * a reused socket died before Cartesia answered anything of it.
 */
final class CartesiaSegment implements AudioStream {

    private final CartesiaContinuation continuation;
    private final AudioFormat format;
    private final ReentrantLock lock = new ReentrantLock();
    private AudioInbox inbox;
    private CartesiaContinuationContext context;
    private boolean closed;

    /**
     * Creates the stream of a segment about to be sent.
     *
     * @param continuation the continuation, for a resend
     * @param format       the format of its audio
     */
    CartesiaSegment(CartesiaContinuation continuation, AudioFormat format) {
        this.continuation = continuation;
        this.format = format;
    }

    /**
     * Points the stream at the inbox its audio arrives in. A stream already closed closes the inbox
     * instead.
     *
     * @param on       the context the segment was sent on
     * @param audioBox where its audio arrives
     */
    void attach(CartesiaContinuationContext on, AudioInbox audioBox) {
        lock.lock();
        try {
            if (!closed) {
                this.context = on;
                this.inbox = audioBox;
                return;
            }
        } finally {
            lock.unlock();
        }
        audioBox.close();
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        while (true) {
            AudioInbox current;
            CartesiaContinuationContext on;
            lock.lock();
            try {
                current = inbox;
                on = context;
            } finally {
                lock.unlock();
            }
            try {
                return current.read();
            } catch (ProviderException e) {
                if (e.kind() == ProviderErrorKind.TIMEOUT) {
                    // A socket whose peer vanished can look open for ever: keep new requests off it.
                    on.connection().retire();
                }
                if (!continuation.resend(on) && !movedFrom(current)) {
                    throw e;
                }
                // Sent again on a fresh socket: read this segment from there.
            }
        }
    }

    @Override
    public WordAlignment nextAlignment() {
        lock.lock();
        try {
            return inbox.nextAlignment();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closing a segment before its audio ended gives up the utterance: see
     * {@link CartesiaContinuationContext}.
     */
    @Override
    public void close() {
        AudioInbox current;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            current = inbox;
        } finally {
            lock.unlock();
        }
        current.close();
    }

    private boolean movedFrom(AudioInbox failed) {
        lock.lock();
        try {
            return inbox != failed;
        } finally {
            lock.unlock();
        }
    }
}
