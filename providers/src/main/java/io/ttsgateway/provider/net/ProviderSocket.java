package io.ttsgateway.provider.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * A WebSocket to a provider on the JDK's client (whole messages in, serialized sends out), which
 * answers pings itself and reports every ending once. Not Helidon's: unpublished at 4.5.0, and 4.2.0
 * reports neither error nor close when the socket dies (helidon#10488).
 */
public final class ProviderSocket implements AutoCloseable {

    /** Close code the handler sees when the connection was lost without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** Close code the handler sees when a provider message exceeded {@link #MAX_MESSAGE_BYTES}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** Longest wait for one message to be handed to the network. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    /** Longest wait for our close frame to leave before the socket is cut. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** Largest message accepted from a provider; far above any audio chunk. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final Logger LOGGER = Logger.getLogger(ProviderSocket.class.getName());

    /** What a provider connection does with what arrives: on the reader, one call at a time, never blocking. */
    public interface Handler {
        /** A whole text message. */
        void onText(String message);

        /** A whole binary message. */
        default void onBinary(byte[] data) {
        }

        /** Once: a close frame came, the connection was lost ({@link #ABNORMAL_CLOSURE}) or we closed it. */
        void onClosed(int code, String reason);
    }

    private final String provider;
    private final WebSocket socket;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Reader reader;

    private ProviderSocket(String provider, WebSocket socket, Reader reader) {
        this.provider = provider;
        this.socket = socket;
        this.reader = reader;
    }

    /**
     * Opens a socket with the key in {@code headers}; returns once the upgrade is done.
     *
     * @throws ProviderException when the provider refused (its status mapped) or could not be reached
     */
    public static ProviderSocket connect(HttpClient client, String provider, URI uri, Map<String, String> headers,
                                         Duration timeout, Handler handler)
            throws ProviderException, InterruptedException {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
        headers.forEach(builder::header);
        Reader reader = new Reader(handler);
        CompletableFuture<WebSocket> future = builder.buildAsync(uri, reader);
        try {
            return new ProviderSocket(provider, future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS), reader);
        } catch (ExecutionException e) {
            throw connectFailure(provider, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            future.cancel(true);
            future.thenAccept(WebSocket::abort);
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                        provider + " did not accept the connection in " + timeout.toMillis() + " ms",
                                        null);
        }
    }

    /**
     * Sends a text message; sends from several threads are serialized. {@code UNAVAILABLE} once closed,
     * thrown only after the handler was told of the end, so a caller never sees a failed send first.
     */
    public void send(String message) throws ProviderException {
        if (!write(() -> socket.sendText(message, true))) {
            throw ProviderErrors.dropped(provider, "connection already closed");
        }
    }

    /** Sends a ping, to keep the connection alive through proxies' idle timeouts; a failure ends the socket. */
    public void ping() {
        try {
            write(() -> socket.sendPing(ByteBuffer.allocate(0)));
        } catch (ProviderException e) {
            LOGGER.log(Level.FINE, "Ping to " + provider + " failed", e);
        }
    }

    /** Under the send lock, a write awaited within {@link #SEND_TIMEOUT}; false when the socket had ended. */
    private boolean write(Supplier<CompletableFuture<WebSocket>> action) throws ProviderException {
        ProviderException failure = null;
        sendLock.lock();
        try {
            if (!reader.ended.get()) {
                action.get().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                        "interrupted while sending to " + provider, e);
        } catch (ExecutionException | TimeoutException e) {
            abort();
            failure = new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                            "could not send to " + provider, e);
        } finally {
            sendLock.unlock();
        }
        reader.awaitTold(CLOSE_TIMEOUT); // outside the lock: the reader may be telling of the end just now
        if (failure != null) {
            throw failure;
        }
        return false;
    }

    /** Whether the connection is still usable. */
    public boolean isOpen() {
        return !reader.ended.get() && !socket.isOutputClosed() && !socket.isInputClosed();
    }

    /** Nanoseconds since anything arrived on this socket. */
    public long quietNanos() {
        return System.nanoTime() - reader.lastArrival;
    }

    /** Closes with a normal close frame, then cuts the connection. Idempotent, any thread. */
    @Override
    public void close() {
        if (!reader.ended.get()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                LOGGER.log(Level.FINE, "Close frame to " + provider + " not sent", e);
            }
        }
        abort();
    }

    /** Cuts the connection without a close handshake. Idempotent, any thread. */
    public void abort() {
        socket.abort();
        reader.end(ABNORMAL_CLOSURE, "closed by the gateway");
    }

    private static ProviderException connectFailure(String provider, Throwable cause) {
        Throwable refusal = cause instanceof WebSocketHandshakeException ? cause : cause.getCause();
        if (cause instanceof IOException && refusal instanceof WebSocketHandshakeException handshake) {
            return ProviderErrors.forStatus(provider, handshake.getResponse().statusCode(), null);
        }
        return cause instanceof IOException io ? ProviderErrors.unreachable(provider, io)
                : new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                        provider + " connection failed", cause);
    }

    /** Reassembles fragments and guarantees one {@code onClosed}. */
    private static final class Reader implements WebSocket.Listener {

        private final Handler handler;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final CountDownLatch told = new CountDownLatch(1);
        private volatile Thread teller;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private volatile long lastArrival = System.nanoTime();

        Reader(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (fits(webSocket, text.length() + data.length())) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    deliver(() -> handler.onText(message));
                }
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (fits(webSocket, binary.size() + data.remaining())) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                binary.writeBytes(bytes);
                if (last) {
                    byte[] message = binary.toByteArray();
                    binary.reset();
                    deliver(() -> handler.onBinary(message));
                }
                webSocket.request(1);
            }
            return null;
        }

        /** Notes an arrival; a message grown past {@link #MAX_MESSAGE_BYTES} ends the socket. */
        private boolean fits(WebSocket webSocket, long size) {
            lastArrival = System.nanoTime();
            if (size > MAX_MESSAGE_BYTES) {
                webSocket.abort();
                end(MESSAGE_TOO_BIG, "message too large");
            }
            return size <= MAX_MESSAGE_BYTES;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastArrival = System.nanoTime();
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastArrival = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            end(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOGGER.log(Level.FINE, "Provider socket failed", error);
            end(ABNORMAL_CLOSURE, "connection lost");
        }

        void end(int code, String reason) {
            if (ended.compareAndSet(false, true)) {
                teller = Thread.currentThread();
                try {
                    deliver(() -> handler.onClosed(code, reason == null ? "" : reason));
                } finally {
                    told.countDown();
                }
            }
        }

        /** Waits, bounded, until the handler was told of the end; not on the thread telling it. */
        void awaitTold(Duration bound) {
            if (Thread.currentThread() != teller) {
                try {
                    told.await(bound.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void deliver(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                // A handler bug must not kill the reader and with it every request on the socket.
                LOGGER.log(Level.WARNING, "Provider message handler failed", e);
            }
        }
    }
}
