package io.ttsgateway.session.admission;

import java.util.function.BooleanSupplier;

import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.ProtocolException;

/**
 * What one connection is let in for: at the upgrade, the client's key and no new connection while
 * the server drains; then each request, against the drain, the connection's rate limit, its ids in
 * use and its queue depth. The session limit itself is {@link SessionSlots}. Used by the
 * connection's reader thread.
 */
public final class Admission {

    private final ClientAuthenticator authenticator;
    private final BooleanSupplier draining;
    private final int ratePerMinute;
    private final int maxQueued;
    private final RateLimiter rate;

    /**
     * Creates the admission of one connection.
     *
     * @param authenticator checks the client's key
     * @param draining      whether the server is shutting down
     * @param ratePerMinute requests accepted per minute
     * @param maxQueued     requests queued or in flight at once
     * @param now           {@link System#nanoTime()}: the rate limit's bucket starts full
     */
    public Admission(ClientAuthenticator authenticator, BooleanSupplier draining, int ratePerMinute, int maxQueued,
                     long now) {
        this.authenticator = authenticator;
        this.draining = draining;
        this.ratePerMinute = ratePerMinute;
        this.maxQueued = maxQueued;
        this.rate = new RateLimiter(ratePerMinute, now);
    }

    /**
     * Checks the upgrade to a WebSocket.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @throws RequestException 401 without a valid key, 503 while the server drains
     */
    public void upgrade(HttpPrologue prologue, Headers headers) {
        authenticator.check(prologue, headers);
        if (draining.getAsBoolean()) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.OTHER)
                    .status(Status.SERVICE_UNAVAILABLE_503)
                    .message(ErrorCode.SERVER_BUSY.wireName() + ": server is shutting down")
                    .build();
        }
    }

    /**
     * Checks a new request. A request refused for its id or the queue still used up its token.
     *
     * @param requestId the client's id, or {@code null}
     * @param idInUse   whether a request with this id is queued or in flight
     * @param queued    requests queued or in flight now
     * @param now       {@link System#nanoTime()}
     * @throws ProtocolException {@code server_busy}, {@code rate_limit_exceeded},
     *                           {@code duplicate_request} or {@code queue_full}, naming the request
     */
    public void request(String requestId, boolean idInUse, int queued, long now) throws ProtocolException {
        if (draining.getAsBoolean()) {
            throw new ProtocolException(ErrorCode.SERVER_BUSY, "server is shutting down", requestId);
        }
        if (!rate.tryAcquire(now)) {
            throw new ProtocolException(ErrorCode.RATE_LIMIT_EXCEEDED, "more than " + ratePerMinute
                    + " requests per minute", requestId);
        }
        if (idInUse) {
            throw new ProtocolException(ErrorCode.DUPLICATE_REQUEST, "requestId is already in use on this connection",
                                        requestId);
        }
        if (queued >= maxQueued) {
            throw new ProtocolException(ErrorCode.QUEUE_FULL, "more than " + maxQueued
                    + " requests queued on this connection", requestId);
        }
    }
}
