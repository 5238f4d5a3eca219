package io.ttsgateway.session.protocol;

import java.util.Locale;

import io.ttsgateway.provider.ProviderErrorKind;

/**
 * Error codes of the protocol, each with whether sending the same thing again later may succeed.
 */
public enum ErrorCode {
    /** Not JSON, not an object, a missing or wrong field, an unknown action, a binary frame. */
    INVALID_MESSAGE(false),
    /** A text message larger than the message size limit. */
    MESSAGE_TOO_LARGE(false),
    /** Text longer than the per-request limit. */
    TEXT_TOO_LONG(false),
    /** A {@code requestId} already in use on this connection. */
    DUPLICATE_REQUEST(false),
    /** More synthesize messages per minute than the connection may send. */
    RATE_LIMIT_EXCEEDED(true),
    /** The client key is over one of its limits (characters per minute or day, sessions). */
    QUOTA_EXCEEDED(true),
    /** The client key may not use the provider or format asked for. */
    FORBIDDEN(false),
    /** Too many requests queued on this connection. */
    QUEUE_FULL(true),
    /** A provider this gateway does not have. */
    UNKNOWN_PROVIDER(false),
    /** A format this gateway cannot produce for the request. */
    UNSUPPORTED_FORMAT(false),
    /** The provider refused the request's options (an unknown voice, a language it does not speak). */
    INVALID_REQUEST(false),
    /** A streamed request got no {@code append}, {@code flush} or {@code end} for too long. */
    INPUT_TIMEOUT(false),
    /** The provider refused the gateway's key. */
    PROVIDER_AUTH_FAILED(false),
    /** The provider throttled the gateway. */
    PROVIDER_RATE_LIMITED(true),
    /** The provider failed or could not be reached. */
    PROVIDER_UNAVAILABLE(true),
    /** The provider sent no audio in time. */
    PROVIDER_TIMEOUT(true),
    /** The engine could not synthesize this request. */
    SYNTHESIS_FAILED(false),
    /** The server or the provider asked is at capacity, or the server is shutting down. */
    SERVER_BUSY(true),
    /** Missing or wrong client API key. */
    UNAUTHORIZED(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /**
     * The code on the wire.
     *
     * @return for example {@code text_too_long}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether trying again later may succeed.
     *
     * @return retryability
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * The code for a provider failure.
     *
     * @param kind the provider's failure kind
     * @return the protocol code
     */
    public static ErrorCode of(ProviderErrorKind kind) {
        return switch (kind) {
            case AUTH_FAILED -> PROVIDER_AUTH_FAILED;
            case RATE_LIMITED -> PROVIDER_RATE_LIMITED;
            case UNAVAILABLE -> PROVIDER_UNAVAILABLE;
            case TIMEOUT -> PROVIDER_TIMEOUT;
            case INVALID_REQUEST -> INVALID_REQUEST;
            case SYNTHESIS_FAILED -> SYNTHESIS_FAILED;
            case BUSY -> SERVER_BUSY;
        };
    }
}
