package io.ttsgateway.breaker;

import java.time.Duration;

/**
 * How every provider's circuit breaker behaves ({@code PROVIDER_BREAKER_FAILURES},
 * {@code PROVIDER_BREAKER_COOLDOWN}).
 *
 * @param failures retryable failures or timeouts in a row that open a breaker; 0 turns breakers off
 * @param coolDown how long an open breaker keeps requests away before one trial request is let through
 */
public record BreakerSettings(int failures, Duration coolDown) {

    /** No breaker: every request goes to the provider it asks for. */
    public static final BreakerSettings OFF = new BreakerSettings(0, Duration.ZERO);

    /**
     * Checks the values.
     *
     * @param failures failures in a row that open a breaker, 0 for none
     * @param coolDown time open before the trial request
     */
    public BreakerSettings {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must not be negative");
        }
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("the cool-down must not be negative");
        }
    }

    /**
     * Whether breakers are on.
     *
     * @return true when a run of failures opens a breaker
     */
    public boolean enabled() {
        return failures > 0;
    }
}
