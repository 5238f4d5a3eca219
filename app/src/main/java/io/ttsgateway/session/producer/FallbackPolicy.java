package io.ttsgateway.session.producer;

import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;

/**
 * Which provider a request is synthesized by: the one it asked for, then, after a retryable
 * failure before any of its audio was produced, each configured fallback in turn. Once audio was
 * produced a failure ends the request, so a client never hears the start of a sentence twice.
 * Used by the request's producer thread only.
 */
public final class FallbackPolicy {

    private final List<TtsProvider> candidates = new ArrayList<>();
    private int attempt;

    /**
     * Creates the policy of one request.
     *
     * @param requested the provider the request asked for
     * @param fallbacks the providers to try after it, in order
     */
    public FallbackPolicy(TtsProvider requested, List<TtsProvider> fallbacks) {
        candidates.add(requested);
        candidates.addAll(fallbacks);
    }

    /**
     * The provider now in use.
     *
     * @return the requested provider, or the fallback the request moved to
     */
    public TtsProvider current() {
        return candidates.get(attempt);
    }

    /**
     * Whether the request moved to a fallback: that provider does not know the requested voice and
     * model, so its own defaults are used.
     *
     * @return true after a fallback
     */
    public boolean fellBack() {
        return attempt > 0;
    }

    /**
     * The providers the request left, in order: each failed (or its breaker was open) before any
     * audio of the request.
     *
     * @return their names, empty before a fallback
     */
    public List<String> leftBehind() {
        if (attempt == 0) {
            return List.of(); // every request that did not fall back: no stream to build
        }
        return candidates.subList(0, attempt).stream().map(TtsProvider::name).toList();
    }

    /**
     * Moves to the next provider when this failure allows it.
     *
     * @param failure  how the current provider failed
     * @param produced whether any audio or timing of the request was produced already
     * @return true when the request is to be tried again on {@link #current()}
     */
    public boolean fallBack(ProviderException failure, boolean produced) {
        if (!failure.retryable() || produced || attempt + 1 >= candidates.size()) {
            return false;
        }
        attempt++;
        return true;
    }
}
