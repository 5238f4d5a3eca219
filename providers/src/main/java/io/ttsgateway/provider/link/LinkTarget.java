package io.ttsgateway.provider.link;

import java.net.URI;
import java.util.Map;

/** Where a {@link Link} goes: the ws(s) URI with its query and the upgrade headers (the key; never logged). */
public record LinkTarget(URI uri, Map<String, String> headers) {

    /** Copies the headers. */
    public LinkTarget {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "LinkTarget[" + uri.getHost() + uri.getPath() + "]";
    }
}
