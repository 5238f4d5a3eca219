package io.ttsgateway.usage;

import java.util.Map;

/**
 * Usage totals as the admin endpoint shows them.
 *
 * @param store    where totals are kept: {@code disk}, {@code redis} or {@code memory}
 * @param complete false when the store could not be read: the totals are only what this process
 *                 has not stored yet
 * @param totals   per key and provider, sorted
 */
public record UsageReport(String store, boolean complete, Map<UsageKey, Usage> totals) {
}
