package io.ttsgateway.uplift;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * Uplift as one gateway session sees it: one WebSocket, opened on the first request and reused by
 * the next ones (Uplift asks for a connection per conversation), reopened lazily when it was lost.
 * Two requests may be in flight at once on it; Uplift interleaves their audio by request id.
 */
final class UpliftSession implements ProviderSession {

    private final UpliftProvider provider;
    /** Held while a connection is being opened, so two first requests share one connection. */
    private final ReentrantLock opening = new ReentrantLock();
    private volatile UpliftConnection connection;
    private volatile boolean closed;

    UpliftSession(UpliftProvider provider) {
        this.provider = provider;
    }

    @Override
    public AudioStream open(SynthesisRequest request) throws ProviderException, InterruptedException {
        UpliftRequest upliftRequest = UpliftRequest.of(request, provider.defaultVoice());
        UpliftStream stream = new UpliftStream(this, upliftRequest, provider.timeouts().connect());
        Lease lease = lease();
        AudioInbox inbox;
        try {
            inbox = lease.connection.submit(stream, lease.reused);
        } catch (ProviderException e) {
            // The send failed, so Uplift never saw the request. A reused connection may simply
            // have died while idle: one more try on a new connection. A new one failing is real.
            if (Thread.interrupted()) {
                throw new InterruptedException("cancelled while sending to " + UpliftProvider.NAME);
            }
            if (!lease.reused) {
                throw e;
            }
            Lease fresh = lease();
            inbox = fresh.connection.submit(stream, false);
        }
        stream.attach(inbox);
        return ConvertedAudioStream.of(stream, request.format());
    }

    /**
     * Sends a request again after the connection it was on died before Uplift answered it. Never
     * retried a further time.
     *
     * @param stream the request's stream
     * @return the new inbox
     * @throws ProviderException    when no connection can be had or the send failed
     * @throws InterruptedException when interrupted while connecting
     */
    AudioInbox resend(UpliftStream stream) throws ProviderException, InterruptedException {
        return lease().connection.submit(stream, false);
    }

    /** The connection to send on, opened when there is none or it died. */
    private Lease lease() throws ProviderException, InterruptedException {
        UpliftConnection current = connection;
        if (closed) {
            throw sessionClosed();
        }
        if (current != null && current.isOpen()) {
            return new Lease(current, true);
        }
        // Bounded: whoever holds the lock is itself bounded by the connect timeout.
        long wait = provider.timeouts().connect().toMillis() + 1000;
        if (!opening.tryLock(wait, TimeUnit.MILLISECONDS)) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME
                    + " connection not ready in " + wait + " ms");
        }
        try {
            current = connection;
            if (current != null && current.isOpen()) {
                return new Lease(current, true);
            }
            UpliftConnection opened = provider.connect();
            connection = opened;
            // close() may have run while connecting and missed the new connection.
            if (closed) {
                opened.close();
                throw sessionClosed();
            }
            return new Lease(opened, false);
        } finally {
            opening.unlock();
        }
    }

    /**
     * Closes the connection; streams still open fail. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        UpliftConnection current = connection;
        if (current != null) {
            current.close();
        }
    }

    private static ProviderException sessionClosed() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME + " session is closed");
    }

    /**
     * A connection handed to one request.
     *
     * @param connection the connection
     * @param reused     whether it was open before this request asked for it
     */
    private record Lease(UpliftConnection connection, boolean reused) {
    }
}
