package io.ttsgateway.quota;

import java.time.Duration;
import java.util.Optional;

/**
 * What came of charging characters to a key: allowed, or refused by one window's limit, with when
 * the same request may be sent again.
 *
 * @param refusedBy  the window whose limit the request would pass, {@code null} when allowed
 * @param limit      that window's limit
 * @param retryAfter when the window starts over; {@code null} when the request can never fit
 */
public record QuotaDecision(QuotaWindow refusedBy, long limit, Duration retryAfter) {

    /** The characters were charged. */
    public static final QuotaDecision ALLOWED = new QuotaDecision(null, 0, null);

    /**
     * Whether the characters were charged.
     *
     * @return true when allowed
     */
    public boolean allowed() {
        return refusedBy == null;
    }

    /**
     * A request larger than a window's whole limit, which no wait lets through.
     *
     * @param quota      the key's limits
     * @param characters the request's characters
     * @return the refusal, or empty when every limit can hold the request
     */
    static Optional<QuotaDecision> neverFits(Quota quota, long characters) {
        for (QuotaWindow window : QuotaWindow.values()) {
            long limit = quota.characters(window).orElse(Long.MAX_VALUE);
            if (characters > limit) {
                return Optional.of(new QuotaDecision(window, limit, null));
            }
        }
        return Optional.empty();
    }
}
