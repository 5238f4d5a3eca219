package io.ttsgateway.loadgen;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket listener of one connection. It does no protocol work: it stamps each frame with
 * the time it arrived and queues it, so measurements do not depend on when the session's thread
 * is scheduled, and the session reads events with a timeout instead of reacting in callbacks.
 *
 * <p>Pings are left to the JDK's default handling, which answers them with pongs.
 */
public final class Inbox implements WebSocket.Listener {

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final StringBuilder partialText = new StringBuilder();
    private volatile String endReason;

    /**
     * The next event, waiting at most the given time.
     *
     * @param timeoutNanos longest wait; zero or less only takes what is already there
     * @return the event, or null when none came in time
     * @throws InterruptedException if the run is being stopped
     */
    public Event next(long timeoutNanos) throws InterruptedException {
        return events.poll(Math.max(timeoutNanos, 0), TimeUnit.NANOSECONDS);
    }

    /**
     * Why the connection ended, once it has.
     *
     * @return the reason, or null while it is open
     */
    public String endReason() {
        return endReason;
    }

    /**
     * Waits for the connection to end.
     *
     * @param timeoutNanos longest wait
     * @return whether it ended in time
     * @throws InterruptedException if the run is being stopped
     */
    public boolean awaitEnd(long timeoutNanos) throws InterruptedException {
        return ended.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partialText.append(data);
        if (last) {
            events.add(new Event.Text(partialText.toString(), now));
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        events.add(new Event.Audio(data.remaining(), System.nanoTime()));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end(statusCode, "closed:" + statusCode);
        // Returning null lets the JDK answer the close at once.
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end(Connection.NO_CLOSE_CODE, "connection_error:" + error.getClass().getSimpleName());
    }

    private void end(int code, String reason) {
        if (endReason != null) {
            return;
        }
        endReason = reason;
        events.add(new Event.Closed(code, reason, System.nanoTime()));
        ended.countDown();
    }
}
