package io.ttsgateway.breaker;

import java.util.Locale;

/**
 * Where a provider's circuit breaker stands. The gauge values order the states by how much of the
 * provider's traffic is held back.
 */
public enum BreakerState {
    /** Requests go to the provider; a run of retryable failures opens it. */
    CLOSED(0),
    /** The one trial request after the cool-down is out; every other request goes elsewhere. */
    HALF_OPEN(1),
    /** Requests skip the provider until the cool-down is over. */
    OPEN(2);

    private final int gaugeValue;

    BreakerState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /**
     * The value of the state gauge.
     *
     * @return 0 closed, 1 half-open, 2 open
     */
    public int gaugeValue() {
        return gaugeValue;
    }

    /**
     * The state in documents and logs.
     *
     * @return {@code closed}, {@code half_open} or {@code open}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
