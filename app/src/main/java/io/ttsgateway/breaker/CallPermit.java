package io.ttsgateway.breaker;

import io.ttsgateway.provider.ProviderException;

/**
 * One provider call's leave from its breaker, through which the call reports how it went. It reports
 * once: the first of {@link #succeeded()}, {@link #failed(ProviderException)} and {@link #release()}
 * counts, later ones do nothing. Any thread.
 */
public interface CallPermit {

    /** The permit of a provider without a breaker: reports go nowhere. */
    CallPermit NONE = new CallPermit() {
        @Override
        public void succeeded() {
        }

        @Override
        public void failed(ProviderException failure) {
        }

        @Override
        public void release() {
        }
    };

    /** The provider answered with audio (or a complete, empty answer). */
    void succeeded();

    /**
     * The provider failed before any audio. Unavailable or timed out counts toward opening the
     * breaker; any other failure (a refused key, a rejected request, throttled, at capacity) shows
     * the provider answering, and counts neither way.
     *
     * @param failure how it failed
     */
    void failed(ProviderException failure);

    /** The call ended without a verdict: cancelled, or closed before the provider answered. */
    void release();
}
