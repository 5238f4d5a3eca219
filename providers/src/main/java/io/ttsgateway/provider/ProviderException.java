package io.ttsgateway.provider;

import java.time.Duration;
import java.util.Optional;

/** A typed provider failure whose message is safe for clients: never keys, credentials or spoken text. */
public class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Status code used when the provider gave none (no HTTP exchange took place). */
    public static final int NO_STATUS = 0;

    private final ProviderErrorKind kind;
    private final int providerStatus;
    private final Duration retryAfter;

    /** A failure with the provider's HTTP or close status ({@link #NO_STATUS} for none) and a client-safe message. */
    public ProviderException(ProviderErrorKind kind, int providerStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.providerStatus = providerStatus;
        this.retryAfter = null;
    }

    /** A retryable refusal with when the same request may succeed. */
    public ProviderException(ProviderErrorKind kind, String message, Duration retryAfter) {
        super(message, null);
        this.kind = kind;
        this.providerStatus = NO_STATUS;
        this.retryAfter = retryAfter;
    }

    /** Creates a failure with no provider status. */
    public ProviderException(ProviderErrorKind kind, String message) {
        this(kind, NO_STATUS, message, null);
    }

    /** Why it failed. */
    public ProviderErrorKind kind() {
        return kind;
    }

    /** Whether the same request may succeed later. */
    public boolean retryable() {
        return kind.retryable();
    }

    /** When the same request may succeed, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The provider's HTTP or WebSocket close status, or {@link #NO_STATUS}. */
    public int providerStatus() {
        return providerStatus;
    }
}
