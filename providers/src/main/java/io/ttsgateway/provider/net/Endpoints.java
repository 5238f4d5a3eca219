package io.ttsgateway.provider.net;

import java.net.URI;
import java.util.Locale;

/**
 * Builds provider URLs from a configured base URL ({@code *_BASE_URL}): {@code http(s)://} is given,
 * {@code ws(s)://} is derived for sockets. A base URL may carry a path prefix (a proxy's, or
 * OpenAI's {@code /v1}); it is kept.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** A base URL checked to be an absolute http(s) or ws(s) URL, without its trailing slash. */
    public static URI base(String baseUrl) {
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + baseUrl, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")
                || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /** An HTTP endpoint under a base URL. */
    public static URI http(URI base, String path) {
        return URI.create(withScheme(base, false) + path);
    }

    /** A WebSocket endpoint under a base URL. */
    public static URI webSocket(URI base, String path) {
        return URI.create(withScheme(base, true) + path);
    }

    private static String withScheme(URI base, boolean socket) {
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        String wanted = socket ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
        return wanted + base.toString().substring(scheme.length());
    }
}
