package io.ttsgateway.session.producer;

import java.util.List;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a request moves to the next provider: a retryable failure before any of its audio, while
 * there is one left.
 */
class FallbackPolicyTest {

    private static final ProviderException UNAVAILABLE = new ProviderException(ProviderErrorKind.UNAVAILABLE, "503");
    private static final ProviderException REFUSED = new ProviderException(ProviderErrorKind.INVALID_REQUEST, "voice");

    private final StreamsProvider first = new StreamsProvider("first");
    private final StreamsProvider second = new StreamsProvider("second");
    private final StreamsProvider third = new StreamsProvider("third");

    @Test
    void theRequestedProviderComesFirstWithTheRequestsOwnVoice() {
        FallbackPolicy policy = new FallbackPolicy(first, List.of(second));
        assertSame(first, policy.current());
        assertFalse(policy.fellBack());
    }

    @Test
    void aRetryableFailureBeforeAudioMovesToEachFallbackInTurn() {
        FallbackPolicy policy = new FallbackPolicy(first, List.of(second, third));
        assertTrue(policy.fallBack(UNAVAILABLE, false));
        assertSame(second, policy.current());
        assertTrue(policy.fellBack(), "a fallback speaks with its own voice and model");
        assertTrue(policy.fallBack(UNAVAILABLE, false));
        assertSame(third, policy.current());
        assertFalse(policy.fallBack(UNAVAILABLE, false), "none left");
        assertSame(third, policy.current());
    }

    @Test
    void aFailureThatIsNotRetryableStays() {
        FallbackPolicy policy = new FallbackPolicy(first, List.of(second));
        assertFalse(policy.fallBack(REFUSED, false));
        assertSame(first, policy.current());
    }

    @Test
    void afterAudioAFailureStaysSoNoSentenceIsHeardTwice() {
        FallbackPolicy policy = new FallbackPolicy(first, List.of(second));
        assertFalse(policy.fallBack(UNAVAILABLE, true));
        assertSame(first, policy.current());
    }

    @Test
    void withoutFallbacksEveryFailureStays() {
        assertFalse(new FallbackPolicy(first, List.of()).fallBack(UNAVAILABLE, false));
    }
}
