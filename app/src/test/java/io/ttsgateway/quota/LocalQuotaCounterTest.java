package io.ttsgateway.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Characters per UTC minute and day, counted in fixed windows: a refusal says which limit and when
 * its window starts over, and charges nothing.
 */
class LocalQuotaCounterTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:15:30Z");
    private static final Quota TWENTY_PER_MINUTE = quota(20, 0);

    private final LocalQuotaCounter counter = new LocalQuotaCounter();

    @Test
    void aMinuteHoldsItsLimitThenStartsOver() {
        assertTrue(counter.charge("a", 15, TWENTY_PER_MINUTE, T0).allowed());
        QuotaDecision refused = counter.charge("a", 10, TWENTY_PER_MINUTE, T0.plusSeconds(10));
        assertEquals(QuotaWindow.MINUTE, refused.refusedBy());
        assertEquals(20, refused.limit());
        assertEquals(Duration.ofSeconds(20), refused.retryAfter(), "until 10:16:00");
        assertTrue(counter.charge("a", 5, TWENTY_PER_MINUTE, T0.plusSeconds(10)).allowed(), "exactly the limit");
        assertTrue(counter.charge("a", 20, TWENTY_PER_MINUTE, Instant.parse("2025-03-01T10:16:00Z")).allowed());
    }

    @Test
    void keysCountApart() {
        assertTrue(counter.charge("a", 20, TWENTY_PER_MINUTE, T0).allowed());
        assertTrue(counter.charge("b", 20, TWENTY_PER_MINUTE, T0).allowed());
        assertFalse(counter.charge("a", 1, TWENTY_PER_MINUTE, T0).allowed());
    }

    @Test
    void aRequestLargerThanTheWholeLimitNeverFits() {
        QuotaDecision refused = counter.charge("a", 21, TWENTY_PER_MINUTE, T0);
        assertEquals(QuotaWindow.MINUTE, refused.refusedBy());
        assertNull(refused.retryAfter());
    }

    @Test
    void theDayCountsAcrossMinutesUntilUtcMidnight() {
        Quota perDay = quota(0, 30);
        assertTrue(counter.charge("a", 15, perDay, T0).allowed());
        assertTrue(counter.charge("a", 15, perDay, T0.plus(Duration.ofMinutes(5))).allowed());
        Instant later = T0.plus(Duration.ofMinutes(10));
        QuotaDecision refused = counter.charge("a", 1, perDay, later);
        assertEquals(QuotaWindow.DAY, refused.refusedBy());
        assertEquals(Duration.between(later, Instant.parse("2025-03-02T00:00:00Z")), refused.retryAfter());
        assertTrue(counter.charge("a", 30, perDay, Instant.parse("2025-03-02T00:00:00Z")).allowed());
    }

    @Test
    void aRefusalChargesNoWindow() {
        Quota both = quota(20, 40);
        assertTrue(counter.charge("a", 15, both, T0).allowed());
        assertFalse(counter.charge("a", 10, both, T0).allowed(), "over the minute");
        Instant nextMinute = T0.plusSeconds(60);
        assertTrue(counter.charge("a", 20, both, nextMinute).allowed(), "the day holds 15 + 20, not 15 + 10 + 20");
        assertEquals(QuotaWindow.DAY, counter.charge("a", 6, both, nextMinute.plusSeconds(60)).refusedBy());
    }

    @Test
    void savedCountsComeBackAndPassedWindowsAreEmpty() {
        assertTrue(counter.charge("a", 15, TWENTY_PER_MINUTE, T0).allowed());
        LocalQuotaCounter restarted = new LocalQuotaCounter();
        restarted.restore(counter.snapshot());
        assertFalse(restarted.charge("a", 10, TWENTY_PER_MINUTE, T0.plusSeconds(1)).allowed());
        assertTrue(restarted.charge("a", 20, TWENTY_PER_MINUTE, T0.plusSeconds(60)).allowed());
    }

    private static Quota quota(long perMinute, long perDay) {
        return new Quota(perMinute > 0 ? OptionalLong.of(perMinute) : OptionalLong.empty(),
                         perDay > 0 ? OptionalLong.of(perDay) : OptionalLong.empty(), OptionalInt.empty());
    }
}
