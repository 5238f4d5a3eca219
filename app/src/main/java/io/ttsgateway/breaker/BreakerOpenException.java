package io.ttsgateway.breaker;

import java.time.Duration;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * A request was not sent to a provider because its circuit breaker is open (or its one trial request
 * is out). Retryable like the outage it stands for, so the request moves to its next fallback; it is
 * not itself a failure of the provider and is neither counted nor logged as one.
 */
public final class BreakerOpenException extends ProviderException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the refusal.
     *
     * @param provider   the provider held back
     * @param retryAfter when its next trial request may go ({@link #retryAfter()}), or {@code null} while one is out
     */
    BreakerOpenException(String provider, Duration retryAfter) {
        super(ProviderErrorKind.UNAVAILABLE, provider + " is not used for now: it failed repeatedly"
                + (retryAfter == null ? " and a trial request is in flight" : ""), retryAfter);
    }
}
