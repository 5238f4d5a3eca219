package io.ttsgateway.session.protocol;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.provider.ProviderException;

/**
 * An error as the client sees it.
 *
 * @param code      protocol code
 * @param message   client-safe description: no keys, no spoken text
 * @param retryable  whether trying again later may succeed
 * @param retryAfter when the same request may succeed, or {@code null} when not known
 */
public record GatewayError(ErrorCode code, String message, boolean retryable, Duration retryAfter) {

    /**
     * An error without a retry time.
     *
     * @param code      protocol code
     * @param message   client-safe description
     * @param retryable whether trying again later may succeed
     */
    public GatewayError(ErrorCode code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    /**
     * An error with the code's own retryability.
     *
     * @param code    protocol code
     * @param message client-safe description
     * @return the error
     */
    public static GatewayError of(ErrorCode code, String message) {
        return new GatewayError(code, message, code.retryable());
    }

    /**
     * A provider's failure as the client sees it: its kind's code, its client-safe message, and
     * whether and when to retry.
     *
     * @param e the provider's failure
     * @return the error
     */
    public static GatewayError of(ProviderException e) {
        return new GatewayError(ErrorCode.of(e.kind()), e.getMessage(), e.retryable(), e.retryAfter().orElse(null));
    }

    /**
     * The provider sent no audio for a while: the request fails as timed out.
     *
     * @param stallNanos how long nothing came
     * @return the error
     */
    public static GatewayError stalled(long stallNanos) {
        return of(ErrorCode.PROVIDER_TIMEOUT, "no audio from the provider for "
                + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
    }
}
