package io.ttsgateway.provider;

/** A typed provider failure whose message is safe for clients: never keys, credentials or spoken text. */
public class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Status code used when the provider gave none (no HTTP exchange took place). */
    public static final int NO_STATUS = 0;

    private final ProviderErrorKind kind;
    private final int providerStatus;

    /** A failure with the provider's HTTP or close status ({@link #NO_STATUS} for none) and a client-safe message. */
    public ProviderException(ProviderErrorKind kind, int providerStatus, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.providerStatus = providerStatus;
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

    /** The provider's HTTP or WebSocket close status, or {@link #NO_STATUS}. */
    public int providerStatus() {
        return providerStatus;
    }
}
