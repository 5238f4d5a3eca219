package io.ttsgateway.keys;

import java.util.Set;
import java.util.regex.Pattern;

import io.ttsgateway.quota.Quota;

/**
 * One client key as the gateway knows it: a name (what usage and metrics are counted under), the
 * key's SHA-256, its limits, and what it may ask for.
 *
 * @param name      a name of letters, digits, {@code .}, {@code _} and {@code -}
 * @param sha256    the key's digest ({@link KeyHash#hex})
 * @param quota     its limits
 * @param providers providers it may use; empty: every one
 * @param formats   formats it may ask for (WebSocket formats and the HTTP API's {@code response_format}
 *                  names); empty: every one
 */
public record ClientKey(String name, String sha256, Quota quota, Set<String> providers, Set<String> formats) {

    /** What a key's name may be. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The name usage is counted under when the gateway has no keys. */
    public static final String ANONYMOUS = "anonymous";

    /**
     * Copies the sets.
     *
     * @param name      name
     * @param sha256    digest
     * @param quota     limits
     * @param providers allowed providers
     * @param formats   allowed formats
     */
    public ClientKey {
        providers = Set.copyOf(providers);
        formats = Set.copyOf(formats);
    }

    /**
     * A key of {@code GATEWAY_API_KEYS}: no limits, named {@code key-} and the start of its digest.
     *
     * @param key the key
     * @return the key's definition
     */
    public static ClientKey fromSetting(String key) {
        String sha256 = KeyHash.hex(key);
        return new ClientKey("key-" + sha256.substring(0, 8), sha256, Quota.NONE, Set.of(), Set.of());
    }

    /**
     * Whether the key may use a provider.
     *
     * @param provider the provider's name
     * @return true when allowed
     */
    public boolean allowsProvider(String provider) {
        return providers.isEmpty() || providers.contains(provider);
    }

    /**
     * Whether the key may ask for a format.
     *
     * @param format the format's name
     * @return true when allowed
     */
    public boolean allowsFormat(String format) {
        return formats.isEmpty() || formats.contains(format);
    }
}
