package io.ttsgateway.usage;

import java.util.Comparator;

/**
 * What usage is counted by: a client key's name and the provider that served.
 *
 * @param key      the key's name (never the key)
 * @param provider the provider's name
 */
public record UsageKey(String key, String provider) implements Comparable<UsageKey> {

    private static final Comparator<UsageKey> ORDER = Comparator.comparing(UsageKey::key)
            .thenComparing(UsageKey::provider);

    @Override
    public int compareTo(UsageKey other) {
        return ORDER.compare(this, other);
    }
}
