package io.ttsgateway.quota;

import java.time.Instant;

/**
 * Counts the characters of each key in its windows and refuses what would pass a limit. Charging is
 * one atomic step: concurrent requests of one key can never pass its limits together.
 */
public interface QuotaCounter {

    /**
     * Charges characters to every limited window of a key, unless one of them would pass its limit
     * (then nothing is charged).
     *
     * @param key        the key's name
     * @param characters what to charge
     * @param quota      the key's limits
     * @param now        the time of the request
     * @return {@link QuotaDecision#ALLOWED}, or the refusal
     */
    QuotaDecision charge(String key, long characters, Quota quota, Instant now);
}
