package io.ttsgateway.breaker;

/**
 * Told of every change of a breaker's state, once, in order, under the breaker's lock (so it must
 * be quick: a log line).
 */
@FunctionalInterface
public interface BreakerListener {

    /** A listener that does nothing. */
    BreakerListener NONE = (provider, from, to, why) -> { };

    /**
     * A breaker changed state.
     *
     * @param provider the provider whose breaker it is
     * @param from     the state it left
     * @param to       the state it is in now
     * @param why      what made it change, for operators
     */
    void changed(String provider, BreakerState from, BreakerState to, String why);
}
