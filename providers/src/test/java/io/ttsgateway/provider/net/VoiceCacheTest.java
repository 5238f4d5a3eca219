package io.ttsgateway.provider.net;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.Voice;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The TTL, stale and failure rules of {@link VoiceCache}, on a hand-driven clock (the log: VoiceListTest). */
class VoiceCacheTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final List<Voice> FIRST = List.of(Voice.of("a", "test"));
    private static final List<Voice> SECOND = List.of(Voice.of("b", "test"));

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger loads = new AtomicInteger();
    private volatile ProviderException failure;
    private volatile List<Voice> answer = FIRST;

    private VoiceCache cache() {
        return new VoiceCache("test", TTL, () -> {
            loads.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return answer;
        }, now::get);
    }

    @Test
    void servesTheListUntilTheTtlThenFetchesAgain() throws ProviderException {
        VoiceCache cache = cache();
        assertEquals(FIRST, cache.voices());
        now.addAndGet(TTL.toNanos() - 1);
        answer = SECOND;
        assertEquals(FIRST, cache.voices());
        assertEquals(1, loads.get());
        now.addAndGet(1);
        assertEquals(SECOND, cache.voices());
        assertEquals(2, loads.get());
    }

    @Test
    void aFailedRefreshServesTheStaleListAndRetriesLater() throws ProviderException {
        VoiceCache cache = cache();
        cache.voices();
        failure = new ProviderException(ProviderErrorKind.UNAVAILABLE, "test is unavailable (HTTP 500)");
        now.addAndGet(TTL.toNanos());
        assertEquals(FIRST, cache.voices());
        assertEquals(FIRST, cache.voices());
        assertEquals(2, loads.get(), "no new attempt before the retry delay");
        now.addAndGet(VoiceCache.RETRY_AFTER_FAILURE.toNanos());
        assertEquals(FIRST, cache.voices());
        assertEquals(3, loads.get());
        failure = null;
        answer = SECOND;
        now.addAndGet(VoiceCache.RETRY_AFTER_FAILURE.toNanos());
        assertEquals(SECOND, cache.voices());
    }

    @Test
    void aFailureWithNothingCachedIsThrown() {
        ProviderException refused = new ProviderException(ProviderErrorKind.AUTH_FAILED, "test refused the API key");
        failure = refused;
        VoiceCache cache = cache();
        assertSame(refused, assertThrows(ProviderException.class, cache::voices));
        assertSame(refused, assertThrows(ProviderException.class, cache::voices));
        assertEquals(2, loads.get(), "nothing cached: every call asks");
    }

    @Test
    void aZeroTtlAsksEveryTime() throws ProviderException {
        VoiceCache cache = new VoiceCache("test", Duration.ZERO, () -> {
            loads.incrementAndGet();
            return FIRST;
        }, now::get);
        cache.voices();
        cache.voices();
        assertEquals(2, loads.get());
    }
}
