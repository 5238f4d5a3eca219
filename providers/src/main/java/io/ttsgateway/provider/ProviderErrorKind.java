package io.ttsgateway.provider;

/** Why a provider failed, whatever the provider; the gateway maps each kind to an error code. */
public enum ProviderErrorKind {
    /** The key was refused (401/403). Not retryable. */
    AUTH_FAILED(false),
    /** The provider throttled us (429 or its own rate message). Retryable after a pause. */
    RATE_LIMITED(true),
    /** 5xx, refused connection, or a drop mid-stream. Retryable. */
    UNAVAILABLE(true),
    /** No first byte, or a stall, past the configured time. Retryable. */
    TIMEOUT(true),
    /** The provider rejected this request's content or options. Not retryable. */
    INVALID_REQUEST(false),
    /** The engine itself failed. Not retryable as is. */
    SYNTHESIS_FAILED(false),
    /** The provider is at capacity: refused before any wait, before any audio. Retryable, often elsewhere. */
    BUSY(true);

    private final boolean retryable;

    ProviderErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same request may succeed if sent again later. */
    public boolean retryable() {
        return retryable;
    }
}
