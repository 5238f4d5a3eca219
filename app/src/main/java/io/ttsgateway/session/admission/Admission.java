package io.ttsgateway.session.admission;

import java.util.function.BooleanSupplier;

import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.keys.ClientGrant;
import io.ttsgateway.keys.KeyRefusal;
import io.ttsgateway.quota.SessionCounts;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.usage.RequestMeter;

/**
 * What one connection is let in for: at the upgrade, the client's key and no new connection while
 * the server drains; as it opens, a session of its key; then each request, against the drain, the
 * connection's rate limit, its ids in use and its queue depth, and once its options are resolved,
 * its key's rights and quota ({@link ClientGrant}). The session limit itself is {@link SessionSlots}.
 * Used by the connection's reader thread; {@link #closeSession()} by any.
 */
public final class Admission {

    private final ClientAuthenticator authenticator;
    private final BooleanSupplier draining;
    private final int ratePerMinute;
    private final int maxQueued;
    private final RateLimiter rate;
    private volatile ClientGrant grant;
    private volatile SessionCounts.Lease lease;

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
        this.grant = authenticator.anonymous().orElse(null);
    }

    /**
     * Checks the upgrade to a WebSocket.
     *
     * @param prologue request line, with the query
     * @param headers  request headers
     * @throws RequestException 401 without a valid key, 503 while the server drains
     */
    public void upgrade(HttpPrologue prologue, Headers headers) {
        grant = authenticator.check(prologue, headers);
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

    /**
     * Opens a session of the client's key as the connection opens; {@link #closeSession()} ends it.
     *
     * @throws ProtocolException {@code quota_exceeded} when the key has its sessions open,
     *                           {@code unauthorized} when it was revoked
     */
    public void openSession() throws ProtocolException {
        try {
            lease = client(null).openSession();
        } catch (KeyRefusal e) {
            throw new ProtocolException(error(e), null);
        }
    }

    /** Ends the session of the client's key, once. Any thread. */
    public void closeSession() {
        SessionCounts.Lease held = lease;
        if (held != null) {
            held.close();
        }
    }

    /**
     * Checks a request's provider and format against its key, and charges its characters.
     *
     * @param requestId  the client's id, or {@code null}
     * @param provider   the provider asked for
     * @param format     the format asked for
     * @param characters the request's characters (so far, for a streamed one)
     * @return the request's meter
     * @throws ProtocolException {@code forbidden}, {@code quota_exceeded} or {@code unauthorized}
     */
    public RequestMeter charge(String requestId, String provider, AudioFormat format, long characters)
            throws ProtocolException {
        try {
            ClientGrant client = client(requestId);
            client.permit(provider, format.toString());
            return client.charge(provider, format, characters);
        } catch (KeyRefusal e) {
            throw new ProtocolException(error(e), requestId);
        }
    }

    /**
     * Charges more characters of a streamed request.
     *
     * @param requestId  the request
     * @param meter      its meter
     * @param characters the characters
     * @throws ProtocolException {@code quota_exceeded} or {@code unauthorized}
     */
    public void chargeMore(String requestId, RequestMeter meter, long characters) throws ProtocolException {
        try {
            client(requestId).chargeMore(meter, characters);
        } catch (KeyRefusal e) {
            throw new ProtocolException(error(e), requestId);
        }
    }

    /**
     * A key's refusal as the client is told it.
     *
     * @param refusal the refusal
     * @return {@code unauthorized} (revoked), {@code forbidden} (a right) or {@code quota_exceeded} (a limit)
     */
    public static GatewayError error(KeyRefusal refusal) {
        ErrorCode code = switch (refusal.reason()) {
            case REVOKED -> ErrorCode.UNAUTHORIZED;
            case PROVIDER, FORMAT -> ErrorCode.FORBIDDEN;
            case CHARACTERS_PER_MINUTE, CHARACTERS_PER_DAY, SESSIONS -> ErrorCode.QUOTA_EXCEEDED;
        };
        return new GatewayError(code, refusal.getMessage(), refusal.retryable(), refusal.retryAfter());
    }

    private ClientGrant client(String requestId) throws ProtocolException {
        ClientGrant client = grant;
        if (client == null) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "a valid API key is required", requestId);
        }
        return client;
    }
}
