package io.ttsgateway.uplift;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.AudioInbox;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * One WebSocket to Uplift's multi-stream endpoint, carrying any number of requests at once: each
 * request gets a fresh {@code requestId}, and what arrives is routed to that request's
 * {@link AudioInbox} by it. Audio for an id no longer pending (cancelled, failed, timed out) is
 * dropped here.
 *
 * <p>Handler methods run on the socket's reader, one at a time, and never block: the only sends
 * they cause (a cancel after a broken sequence) go out on a virtual thread of their own.
 *
 * <p>A keep-alive thread pings a connection that has been quiet for {@link #IDLE_PING}, so proxies
 * keep it. While a request waits for audio, its {@link AudioInbox} pings the connection too (see
 * {@link AudioInbox#probeWith}): the JDK client does not always report a connection that the peer
 * closed right after sending a message, but writing to such a connection fails within a few pings,
 * which ends it, and its requests fail {@code UNAVAILABLE} well before their timeouts.
 */
final class UpliftConnection implements ProviderSocket.Handler {

    private static final Logger LOGGER = Logger.getLogger(UpliftConnection.class.getName());
    private static final String AUTHORIZATION = "Authorization";
    /** Quiet time after which an idle connection is pinged; well under common 60 s proxy timeouts. */
    static final Duration IDLE_PING = Duration.ofSeconds(20);

    private final ProviderTimeouts timeouts;
    private final Consumer<UpliftConnection> onEnd;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    /** Opens when the connection ended; the keep-alive thread waits on it. */
    private final CountDownLatch endedSignal = new CountDownLatch(1);
    private volatile long lastPing = System.nanoTime();
    /** Why the connection failed before it was ready; read after {@link #ready} opens. */
    private volatile ProviderException readyFailure;
    private volatile String sessionId = "?";
    private volatile ProviderSocket socket;
    /** Ended by the gateway: what is in flight fails without a retry elsewhere. */
    private volatile boolean closing;
    /** Why the connection takes no new requests (Uplift refused the key on it), or null. */
    private volatile ProviderException retired;
    private volatile boolean ended;

    private UpliftConnection(ProviderTimeouts timeouts, Consumer<UpliftConnection> onEnd) {
        this.timeouts = timeouts;
        this.onEnd = onEnd;
    }

    /**
     * Connects and waits for Uplift's {@code ready}, which must come before anything is sent; the
     * handshake and the wait share the connect timeout.
     *
     * @param client   the provider's HTTP client
     * @param uri      the endpoint
     * @param apiKey   the key, sent as a bearer token in the upgrade request only
     * @param timeouts connect, first-byte and stall timeouts
     * @param onEnd    told once when the connection has ended
     * @return the ready connection
     * @throws ProviderException    when Uplift refused ({@code AUTH_FAILED} for 401/403 or
     *                              {@code auth_failed}), could not be reached or did not get ready in
     *                              time ({@code UNAVAILABLE})
     * @throws InterruptedException when interrupted while connecting
     */
    static UpliftConnection open(HttpClient client, URI uri, String apiKey, ProviderTimeouts timeouts,
                                 Consumer<UpliftConnection> onEnd)
            throws ProviderException, InterruptedException {
        long deadline = System.nanoTime() + timeouts.connect().toNanos();
        UpliftConnection connection = new UpliftConnection(timeouts, onEnd);
        connection.socket = ProviderSocket.connect(client, UpliftProvider.NAME, uri,
                                                   Map.of(AUTHORIZATION, "Bearer " + apiKey), timeouts.connect(),
                                                   connection);
        try {
            connection.awaitReady(deadline);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            connection.abort();
            throw e;
        }
        LOGGER.fine(() -> "Uplift connection ready, session " + connection.sessionId);
        Thread.ofVirtual().name("uplift-keepalive").start(connection::keepAlive);
        return connection;
    }

    /** Pings while the connection is quiet, until it ends. */
    private void keepAlive() {
        long limit = IDLE_PING.toNanos();
        try {
            while (!endedSignal.await(limit / 2, TimeUnit.NANOSECONDS)) {
                long now = System.nanoTime();
                if (socket.quietNanos() >= limit && now - lastPing >= limit) {
                    ping();
                }
            }
        } catch (InterruptedException e) {
            abort();
        }
    }

    /** A failed ping aborts the socket, which ends the connection through {@code onClosed}. */
    private void ping() {
        lastPing = System.nanoTime();
        socket.ping();
    }

    private void awaitReady(long deadline) throws ProviderException, InterruptedException {
        long remaining = Math.max(0, deadline - System.nanoTime());
        if (!ready.await(remaining, TimeUnit.NANOSECONDS)) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                        UpliftProvider.NAME + " did not get ready in "
                                                + timeouts.connect().toMillis() + " ms", null);
        }
        ProviderException failure = readyFailure;
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Sends one request.
     *
     * @param stream    the request's stream, whose request is sent
     * @param retryable whether, should the connection die before Uplift answers anything for this
     *                  request, the stream may send it again elsewhere: true only for a connection
     *                  that was already open before the request, and only once per request
     * @return the request's inbox
     * @throws ProviderException {@code UNAVAILABLE} when the request could not be sent, because
     *                           the connection is closed or broke; nothing reached Uplift
     */
    AudioInbox submit(UpliftStream stream, boolean retryable) throws ProviderException {
        String requestId = UUID.randomUUID().toString();
        // The first-byte clock starts here, before the send, so a slow send counts against it.
        AudioInbox inbox = new AudioInbox(UpliftProvider.NAME, stream.format(), timeouts,
                                          (released, finished) -> released(requestId, finished))
                .probeWith(this::ping);
        Pending request = new Pending(requestId, inbox, stream, retryable);
        // Registered before the send: the answer may arrive before send() returns.
        pending.put(requestId, request);
        try {
            ProviderException refused = retired;
            if (refused != null) {
                // Retired between the caller's isOpen() and now; the caller takes another connection.
                throw new ProviderException(refused.kind(), refused.getMessage());
            }
            socket.send(UpliftProtocol.synthesize(requestId, stream.request()));
        } catch (ProviderException e) {
            if (pending.remove(requestId, request)) {
                inbox.close();
                throw e;
            }
            // The connection's end got to the request first and settled it (failed it, or handed
            // it to the stream to send elsewhere); the stream takes it from there.
        }
        LOGGER.finer(() -> "Uplift request " + requestId + " sent on session " + sessionId + ": " + stream.request());
        return inbox;
    }

    /**
     * Whether requests may still be sent.
     *
     * @return true until the connection ended
     */
    boolean isOpen() {
        ProviderSocket current = socket;
        return !ended && retired == null && current != null && current.isOpen();
    }

    /**
     * Requests in flight.
     *
     * @return how many
     */
    int inFlight() {
        return pending.size();
    }

    /**
     * Closes the connection; requests in flight fail {@code UNAVAILABLE}. Idempotent, any thread.
     */
    void close() {
        closing = true;
        ProviderSocket current = socket;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Cuts the connection without a close handshake. Idempotent, any thread.
     */
    void abort() {
        closing = true;
        ProviderSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onText(String message) {
        JsonNode json;
        try {
            json = UpliftProtocol.json().readTree(message);
        } catch (JsonProcessingException e) {
            LOGGER.fine("Uplift sent a message that is not JSON; ignored");
            return;
        }
        if (json == null || !json.isObject()) {
            return;
        }
        String type = text(json, "type");
        String requestId = text(json, "requestId");
        if (type == null) {
            return;
        }
        switch (type) {
            case UpliftProtocol.READY -> {
                String id = text(json, "sessionId");
                if (id != null) {
                    sessionId = ProviderErrors.safeCode(id);
                }
                ready.countDown();
            }
            case UpliftProtocol.AUDIO_START -> {
                Pending request = requestId == null ? null : pending.get(requestId);
                if (request != null) {
                    request.answered = true;
                    request.inbox.touch();
                }
            }
            case UpliftProtocol.AUDIO -> audio(requestId, json);
            case UpliftProtocol.AUDIO_END -> {
                Pending request = requestId == null ? null : pending.remove(requestId);
                if (request != null) {
                    request.inbox.finish();
                }
            }
            case UpliftProtocol.ERROR -> error(requestId, text(json, "code"));
            default -> LOGGER.fine(() -> "Uplift sent an unknown message type " + ProviderErrors.safeCode(type)
                    + "; ignored");
        }
    }

    private void audio(String requestId, JsonNode json) {
        Pending request = requestId == null ? null : pending.get(requestId);
        if (request == null) {
            // Cancelled, failed or timed out: its late audio must reach no one.
            return;
        }
        request.answered = true;
        JsonNode sequence = json.get("sequence");
        if (sequence != null && (sequence.isNumber() || sequence.isTextual())) {
            int received = sequence.asInt(-1);
            if (received != request.nextSequence) {
                // A lost or reordered chunk would play as a click or a skip; better a clean failure.
                fail(request, new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME
                        + " audio chunk " + request.nextSequence + " is missing (got " + received + ")"));
                return;
            }
            request.nextSequence = received + 1;
        }
        String audio = text(json, "audio");
        if (audio == null || audio.isEmpty()) {
            request.inbox.touch();
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(audio);
        } catch (IllegalArgumentException e) {
            fail(request, new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME
                    + " sent audio that is not base64"));
            return;
        }
        request.inbox.push(bytes);
    }

    private void error(String requestId, String code) {
        ProviderException failure = UpliftProtocol.error(code);
        if (requestId == null) {
            connectionError(failure);
            return;
        }
        Pending request = pending.remove(requestId);
        if (request != null) {
            LOGGER.fine(() -> "Uplift failed request " + requestId + ": " + failure.getMessage());
            request.inbox.fail(failure);
        }
    }

    /** An error naming no request concerns the connection: everything in flight fails with it. */
    private void connectionError(ProviderException failure) {
        LOGGER.log(failure.kind() == ProviderErrorKind.AUTH_FAILED ? Level.WARNING : Level.FINE,
                   () -> "Uplift connection " + sessionId + " failed: " + failure.getMessage());
        boolean refused = failure.kind() == ProviderErrorKind.AUTH_FAILED;
        if (refused) {
            // Before failing what is in flight: a caller told of the failure must not be handed
            // this connection again for its next request.
            retired = failure;
        }
        if (ready.getCount() > 0) {
            readyFailure = failure;
            ready.countDown();
        }
        for (Pending request : pending.values()) {
            if (pending.remove(request.requestId, request)) {
                request.inbox.fail(failure);
            }
        }
        if (refused) {
            // A refused key stays refused on this connection; the next request reconnects. Not
            // abort(): a request that slipped in meanwhile may still be sent again elsewhere.
            ProviderSocket current = socket;
            if (current != null) {
                current.abort();
            }
        }
    }

    @Override
    public void onClosed(int code, String reason) {
        ended = true;
        endedSignal.countDown();
        ProviderException failure = closing
                ? new ProviderException(ProviderErrorKind.UNAVAILABLE, UpliftProvider.NAME + " connection closed")
                : closeFailure(code, reason);
        if (ready.getCount() > 0) {
            readyFailure = failure;
            ready.countDown();
        }
        for (Pending request : pending.values()) {
            if (!pending.remove(request.requestId, request)) {
                continue;
            }
            // Nothing was answered for it, so Uplift may never have seen it: a connection that
            // died while idle and was reused. Sending it once more on a new connection is safe.
            if (!closing && request.retryable && !request.answered && request.stream.retryElsewhere()) {
                LOGGER.fine(() -> "Uplift request " + request.requestId + " unanswered on a lost connection; "
                        + "sending it again on a new one");
            }
            request.inbox.fail(failure);
        }
        LOGGER.fine(() -> "Uplift connection " + sessionId + " ended (" + code + ")");
        onEnd.accept(this);
    }

    private static ProviderException closeFailure(int code, String reason) {
        // Uplift documents no close codes; a reason that is one of its error codes is trusted.
        if (reason != null && !reason.isBlank()) {
            ProviderErrorKind kind = UpliftProtocol.kindOf(reason.strip());
            if (kind == ProviderErrorKind.AUTH_FAILED || kind == ProviderErrorKind.RATE_LIMITED) {
                return UpliftProtocol.error(reason.strip());
            }
        }
        return ProviderErrors.dropped(UpliftProvider.NAME, "close " + code);
    }

    /** Fails a request that is still running at Uplift, and stops it there. */
    private void fail(Pending request, ProviderException failure) {
        if (pending.remove(request.requestId, request)) {
            request.inbox.fail(failure);
            cancelAtProvider(request.requestId);
        }
    }

    /** Called when a request's stream is closed by its reader. */
    private void released(String requestId, boolean finished) {
        Pending request = pending.remove(requestId);
        if (request != null && !finished) {
            cancelAtProvider(requestId);
        }
    }

    private void cancelAtProvider(String requestId) {
        ProviderSocket current = socket;
        if (ended || current == null) {
            // A closed connection has stopped everything at Uplift already.
            return;
        }
        // Off the caller's thread: close() must return at once, and the reader must not block.
        Thread.ofVirtual().name("uplift-cancel").start(() -> {
            try {
                current.send(UpliftProtocol.cancel(requestId));
                LOGGER.finer(() -> "Uplift request " + requestId + " cancelled");
            } catch (ProviderException e) {
                LOGGER.log(Level.FINE, "Uplift cancel not sent; the connection is gone", e);
            }
        });
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** A request in flight on this connection. */
    private static final class Pending {
        private final String requestId;
        private final AudioInbox inbox;
        private final UpliftStream stream;
        private final boolean retryable;
        /** Set once Uplift said anything about the request: it was accepted. */
        private volatile boolean answered;
        /** The sequence number the next chunk must carry; touched only by the reader. */
        private int nextSequence;

        Pending(String requestId, AudioInbox inbox, UpliftStream stream, boolean retryable) {
            this.requestId = requestId;
            this.inbox = inbox;
            this.stream = stream;
            this.retryable = retryable;
        }
    }
}
