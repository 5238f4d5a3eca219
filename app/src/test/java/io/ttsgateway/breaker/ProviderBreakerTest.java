package io.ttsgateway.breaker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The breaker's states, driven by a clock the test moves: a run of retryable failures opens it,
 * the cool-down lets one trial through, whose outcome closes or reopens it.
 */
class ProviderBreakerTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(15);
    private static final ProviderException TIMEOUT = new ProviderException(ProviderErrorKind.TIMEOUT, "no first byte");
    private static final ProviderException REFUSED_KEY = new ProviderException(ProviderErrorKind.AUTH_FAILED, "401");
    private static final ProviderException AT_CAPACITY = new ProviderException(ProviderErrorKind.BUSY, "full");
    private static final ProviderException THROTTLED = new ProviderException(ProviderErrorKind.RATE_LIMITED, "429");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> changes = new ArrayList<>();
    private final ProviderBreaker breaker = new ProviderBreaker(
            "openai", new BreakerSettings(3, COOL_DOWN), now::get,
            (provider, from, to, why) -> changes.add(provider + " " + from + "->" + to));

    @Test
    void aRunOfRetryableFailuresOpensItAndItRefusesAtOnce() throws Exception {
        failTimes(2);
        assertThat(breaker.state(), is(BreakerState.CLOSED));
        failTimes(1);

        assertThat(breaker.state(), is(BreakerState.OPEN));
        BreakerOpenException refused = assertThrows(BreakerOpenException.class, breaker::acquire);
        assertThat(refused.retryable(), is(true));
        assertThat(refused.kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(refused.retryAfter().orElseThrow(), is(COOL_DOWN));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(assertThrows(BreakerOpenException.class, breaker::acquire).retryAfter().orElseThrow(),
                   is(Duration.ofSeconds(10)));
        assertThat(changes, contains("openai CLOSED->OPEN"));
    }

    @Test
    void aSuccessEndsTheRun() throws Exception {
        failTimes(2);
        breaker.acquire().succeeded();
        failTimes(2);

        assertThat(breaker.state(), is(BreakerState.CLOSED));
    }

    @Test
    void aRefusedKeyACancelAThrottleOrARefusalAtCapacityIsNoOutage() throws Exception {
        for (int i = 0; i < 5; i++) {
            breaker.acquire().failed(REFUSED_KEY);
            breaker.acquire().release();
            breaker.acquire().failed(AT_CAPACITY);
            breaker.acquire().failed(THROTTLED);
        }

        assertThat(breaker.state(), is(BreakerState.CLOSED));
    }

    @Test
    void afterTheCoolDownOneTrialGoesAndItsSuccessClosesIt() throws Exception {
        failTimes(3);
        now.addAndGet(COOL_DOWN.toNanos());

        CallPermit trial = breaker.acquire();
        assertThat(breaker.state(), is(BreakerState.HALF_OPEN));
        assertThat(assertThrows(BreakerOpenException.class, breaker::acquire).retryAfter().isEmpty(), is(true));
        trial.succeeded();

        assertThat(breaker.state(), is(BreakerState.CLOSED));
        breaker.acquire().succeeded();
        assertThat(changes, contains("openai CLOSED->OPEN", "openai OPEN->HALF_OPEN", "openai HALF_OPEN->CLOSED"));
    }

    @Test
    void aFailedTrialOpensItForAnotherCoolDown() throws Exception {
        failTimes(3);
        now.addAndGet(COOL_DOWN.toNanos());

        breaker.acquire().failed(TIMEOUT);

        assertThat(breaker.state(), is(BreakerState.OPEN));
        assertThat(assertThrows(BreakerOpenException.class, breaker::acquire).retryAfter().orElseThrow(), is(COOL_DOWN));
        assertThat(changes, contains("openai CLOSED->OPEN", "openai OPEN->HALF_OPEN", "openai HALF_OPEN->OPEN"));
    }

    @Test
    void aTrialWithoutVerdictLetsTheNextRequestBeTheTrial() throws Exception {
        failTimes(3);
        now.addAndGet(COOL_DOWN.toNanos());

        breaker.acquire().release();
        CallPermit next = breaker.acquire();
        next.succeeded();

        assertThat(breaker.state(), is(BreakerState.CLOSED));
    }

    @Test
    void aPermitReportsOnceAndLateOutcomesOfEarlierCallsDoNotDecide() throws Exception {
        CallPermit early = breaker.acquire();
        CallPermit reported = breaker.acquire();
        reported.succeeded();
        reported.failed(TIMEOUT);
        reported.failed(TIMEOUT);
        reported.failed(TIMEOUT);
        assertThat(breaker.state(), is(BreakerState.CLOSED));

        failTimes(3);
        now.addAndGet(COOL_DOWN.toNanos());
        CallPermit trial = breaker.acquire();
        early.succeeded(); // issued while closed: not the trial

        assertThat(breaker.state(), is(BreakerState.HALF_OPEN));
        trial.failed(TIMEOUT);
        assertThat(breaker.state(), is(BreakerState.OPEN));
    }

    private void failTimes(int count) throws BreakerOpenException {
        for (int i = 0; i < count; i++) {
            breaker.acquire().failed(TIMEOUT);
        }
    }
}
