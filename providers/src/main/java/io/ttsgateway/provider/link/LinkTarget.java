package io.ttsgateway.provider.link;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link Link} goes: what fixes a socket (the URI with its query, the upgrade headers).
 * Keys of a {@link LinkPool} map to targets.
 *
 * @param uri     the ws(s) URI
 * @param headers upgrade headers (the key goes here; never logged)
 */
public record LinkTarget(URI uri, Map<String, String> headers) {

    /**
     * Validates and copies.
     *
     * @param uri     the URI
     * @param headers the headers
     */
    public LinkTarget {
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
    }

    /**
     * Hides the headers, which hold the key.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "LinkTarget[" + uri.getHost() + uri.getPath() + "]";
    }
}
