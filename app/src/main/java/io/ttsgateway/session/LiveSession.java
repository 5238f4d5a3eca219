package io.ttsgateway.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.session.protocol.ServerMessages;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * One open connection, as its requests and the {@link SessionRegistry} see it: the frames bound
 * for its socket ({@link Outbound}), its requests ({@link RequestQueue}), its provider sessions,
 * when the client was last heard from, and the ways it ends. Any thread.
 */
final class LiveSession implements SessionDrain.Target {

    private static final Logger LOGGER = Logger.getLogger(LiveSession.class.getName());
    /** Close code and reason told to a client that stopped reading, if it ever reads them. */
    static final int SLOW_CLIENT_CODE = WsCloseCodes.VIOLATED_POLICY;
    static final String SLOW_CLIENT_REASON = "client not reading";
    /**
     * How long a client that stopped reading gets to take its close frame and answer it before its
     * connection is cut.
     */
    static final Duration SLOW_CLIENT_CLOSE_GRACE = Duration.ofSeconds(2);

    private final WsSession socket;
    private final GatewayMetrics metrics;
    private final Consumer<LiveSession> onEnd;
    private final Outbound outbound;
    private final RequestQueue queue;
    private final ProviderSessions providerSessions = new ProviderSessions();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The thread that reads the connection; Helidon's only sign of a client gone without a close frame is its end. */
    private volatile Thread reader;
    private volatile long lastHeard = System.nanoTime();

    /**
     * Opens the session of a socket.
     *
     * @param socket      the client's socket
     * @param synthesizer opens the audio of requests
     * @param limits      the connection's limits
     * @param messages    the server's messages
     * @param metrics     meters
     * @param onEnd       runs once when the session ends (it gives its slot back)
     */
    LiveSession(WsSession socket, Synthesizer synthesizer, SessionLimits limits, ServerMessages messages,
                GatewayMetrics metrics, Consumer<LiveSession> onEnd) {
        this.socket = socket;
        this.metrics = metrics;
        this.onEnd = onEnd;
        this.outbound = new Outbound(socket, limits.maxBufferedBytes(), this::writeFailed, this::closeSlowClient);
        this.queue = new RequestQueue(synthesizer, outbound, messages, metrics, limits.lookahead(),
                                      limits.stallTimeout(), limits.playout());
    }

    RequestQueue queue() {
        return queue;
    }

    ProviderSessions providerSessions() {
        return providerSessions;
    }

    /**
     * Ties the session to the thread that reads its connection, the one that runs every listener
     * callback and ends with the connection: a client closed as not reading has until then to
     * answer the close frame, and interrupting it cuts the socket. Call from {@code onOpen}.
     */
    void watchReader() {
        reader = Thread.currentThread();
    }

    /** Notes that the client sent something, a pong included. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    /**
     * Nanoseconds since the client last sent anything.
     */
    long silentNanos(long now) {
        return now - lastHeard;
    }

    /**
     * How long frames have waited for the socket without any being written; 0 when none wait.
     */
    long writeStalledNanos(long now) {
        return outbound.stalledNanos(now);
    }

    /**
     * Whether nothing more can be written to the socket.
     */
    boolean socketClosed() {
        return outbound.state() == Outbound.State.CLOSED;
    }

    /** Queues a control message (an error) without waiting. */
    void say(String text) {
        outbound.text(text);
    }

    void ping() {
        outbound.ping();
    }

    void pong(BufferData payload) {
        outbound.pong(payload);
    }

    /**
     * Turns the connection away as it opens: tells why, then closes with 1013 (try again later).
     * The session never took a slot, so it gives none back.
     */
    void turnAway(String error, String reason) {
        ended.set(true);
        outbound.text(error);
        outbound.close(WsCloseCodes.TRY_AGAIN_LATER, reason);
    }

    /**
     * Ends the session: stops all its work, drops what waits for the socket (a queued close frame
     * is still sent) and gives its slot back. Idempotent, any thread.
     *
     * @return true when this call ended it
     */
    boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        outbound.discard();
        queue.close();
        providerSessions.close();
        onEnd.accept(this);
        return true;
    }

    boolean isEnded() {
        return ended.get();
    }

    /**
     * Cuts the connection without a close handshake: the client stopped answering.
     */
    void abort() {
        end();
        cut();
    }

    /**
     * Closes the connection of a client that stopped reading, and counts it: what waits for its
     * socket is dropped, a close frame ({@value #SLOW_CLIENT_CODE}, "{@value #SLOW_CLIENT_REASON}")
     * takes its place, the session ends at once (its requests cancelled at their providers), and the
     * connection is cut unless it ended within {@link #SLOW_CLIENT_CLOSE_GRACE}: a client that does
     * not read cannot take the close frame, and a write blocked on its socket only ends with the
     * socket. Any thread; never waits.
     */
    void closeSlowClient() {
        outbound.closeFirst(SLOW_CLIENT_CODE, SLOW_CLIENT_REASON);
        if (end()) {
            metrics.sessionClosed("slow_client");
            LOGGER.fine("Closed a client that stopped reading");
            Thread.ofVirtual().name("tts-slow-client-cut").start(() -> {
                try {
                    Thread current = reader;
                    if (current != null) {
                        current.join(SLOW_CLIENT_CLOSE_GRACE); // the client took the close frame and answered
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // cut at once
                }
                cut();
            });
        }
    }

    /**
     * A write failed: the client is gone, or the frame could not be sent. Either way the socket
     * must not outlive its session, so it is closed too. Called by the writer.
     */
    private void writeFailed() {
        end();
        closeConnection();
    }

    @Override
    public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        return queue.awaitEmpty(timeoutNanos);
    }

    @Override
    public void cancelAll() {
        queue.cancelAll();
    }

    @Override
    public void goAway() {
        outbound.close(WsCloseCodes.GOING_AWAY, "server shutting down");
        end();
    }

    @Override
    public boolean awaitClosed(long timeoutNanos) throws InterruptedException {
        return outbound.awaitClosed(timeoutNanos);
    }

    private void cut() {
        outbound.abort(); // a virtual writer blocked on the socket closes it when interrupted
        closeConnection();
    }

    private void closeConnection() {
        if (socket instanceof ServerConnection connection) {
            // Interrupting the reader closes the socket too; WsSession has no abort of its own.
            connection.close(true);
        }
    }
}
