package io.ttsgateway.usage;

import java.io.IOException;
import java.util.Map;

import io.ttsgateway.quota.QuotaCounter;

/**
 * Where usage totals and quota windows outlive the process: a file under the cache directory, or
 * Redis shared by replicas.
 */
public interface UsageStore extends AutoCloseable {

    /**
     * What the store is, for the admin endpoint and logs.
     *
     * @return {@code disk}, {@code redis} or {@code memory}
     */
    String kind();

    /**
     * The quota windows kept with the usage.
     *
     * @return the counter
     */
    QuotaCounter quotas();

    /**
     * Adds usage to the totals, all or none; also saves the quota windows where they are kept here.
     *
     * @param deltas what to add, per key and provider (may be empty)
     * @throws IOException when it could not be stored: the caller keeps the deltas for the next try
     */
    void add(Map<UsageKey, Usage> deltas) throws IOException;

    /**
     * The stored totals.
     *
     * @return totals per key and provider
     * @throws IOException when they cannot be read now
     */
    Map<UsageKey, Usage> totals() throws IOException;

    @Override
    void close();
}
