package io.ttsgateway.session.protocol;

import java.util.concurrent.TimeUnit;

/**
 * An error as the client sees it.
 *
 * @param code      protocol code
 * @param message   client-safe description: no keys, no spoken text
 * @param retryable whether trying again later may succeed
 */
public record GatewayError(ErrorCode code, String message, boolean retryable) {

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
