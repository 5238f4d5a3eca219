package io.ttsgateway.loadgen;

import java.net.http.WebSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One open WebSocket with its {@link Inbox}: blocking, time-bounded operations for a session
 * thread, which is virtual and so may block freely.
 */
public final class Connection {

    /** Close code used in events for a connection that ended without a close frame. */
    public static final int NO_CLOSE_CODE = -1;
    /** How long a polite close may take before the socket is simply dropped. */
    static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final WebSocket socket;
    private final Inbox inbox;

    Connection(WebSocket socket, Inbox inbox) {
        this.socket = socket;
        this.inbox = inbox;
    }

    /**
     * Sends one text message and waits until the JDK has written it.
     *
     * @param text         the message
     * @param timeoutNanos longest wait
     * @return whether it was sent; false when the connection failed or the send did not finish in time
     * @throws InterruptedException if the run is being stopped
     */
    public boolean send(String text, long timeoutNanos) throws InterruptedException {
        try {
            socket.sendText(text, true).get(timeoutNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * The next event, waiting at most the given time.
     *
     * @param timeoutNanos longest wait
     * @return the event, or null when none came in time
     * @throws InterruptedException if the run is being stopped
     */
    public Event next(long timeoutNanos) throws InterruptedException {
        return inbox.next(timeoutNanos);
    }

    /**
     * Why the connection ended.
     *
     * @return the failure reason, or null while it is open
     */
    public String endReason() {
        return inbox.endReason();
    }

    /**
     * Whether neither side has ended the connection.
     *
     * @return true while usable
     */
    public boolean isOpen() {
        return inbox.endReason() == null && !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /**
     * Closes politely (code 1000), waiting a bounded time for the server's close, then drops the
     * socket in any case so nothing outlives the run. Never throws; safe to call twice.
     */
    public void close() {
        try {
            if (isOpen()) {
                long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
                inbox.awaitEnd(deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The socket is dropped below whatever went wrong; a failed goodbye is not a result.
        } finally {
            socket.abort();
        }
    }
}
