package io.ttsgateway.usage;

import java.util.HashMap;
import java.util.Map;

import io.ttsgateway.quota.LocalQuotaCounter;

/**
 * Usage in this process's memory only: totals and quota windows. The state of the disk store, and
 * on its own the store of gateways built without one (unit tests).
 */
public final class MemoryUsageStore implements UsageStore {

    private final LocalQuotaCounter quotas = new LocalQuotaCounter();
    private final Map<UsageKey, Usage> totals = new HashMap<>();

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public LocalQuotaCounter quotas() {
        return quotas;
    }

    @Override
    public synchronized void add(Map<UsageKey, Usage> deltas) {
        deltas.forEach((key, usage) -> totals.merge(key, usage, Usage::plus));
    }

    @Override
    public synchronized Map<UsageKey, Usage> totals() {
        return Map.copyOf(totals);
    }

    @Override
    public void close() {
    }
}
