package io.ttsgateway.provider.http1;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a connection goes: the pool's key.
 *
 * @param host   host name or address, as in the URL
 * @param port   the port, the scheme's default when the URL has none
 * @param secure whether the connection speaks TLS
 */
public record Destination(String host, int port, boolean secure) {

    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    /** Validates. */
    public Destination {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not a destination: " + host + ":" + port);
        }
    }

    /**
     * The destination of an {@code http} or {@code https} URL.
     *
     * @throws IllegalArgumentException for another scheme or a URL without a host
     */
    public static Destination of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL: " + scheme);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        boolean secure = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? HTTPS_PORT : HTTP_PORT;
        return new Destination(uri.getHost(), port, secure);
    }

    /** The {@code Host} header's value: the port only when it is not the scheme's default. */
    String hostHeader() {
        String name = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == (secure ? HTTPS_PORT : HTTP_PORT) ? name : name + ":" + port;
    }
}
