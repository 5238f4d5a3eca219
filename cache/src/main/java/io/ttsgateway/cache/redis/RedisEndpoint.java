package io.ttsgateway.cache.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Redis is and how to log in, parsed from {@code redis://[[user]:password@]host[:port][/db]}
 * ({@code rediss://} for TLS). {@link #toString()} masks the password, so an endpoint can be logged.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param user     ACL user, or empty for the default user
 * @param password password, or empty for none
 * @param database logical database number
 * @param tls      whether to connect with TLS
 */
public record RedisEndpoint(String host, int port, String user, String password, int database, boolean tls) {

    /** Redis's own default port. */
    public static final int DEFAULT_PORT = 6379;
    private static final int MAX_PORT = 65_535;

    /**
     * Validates.
     *
     * @param host     host
     * @param port     port
     * @param user     user, empty for none
     * @param password password, empty for none
     * @param database database number
     * @param tls      TLS
     */
    public RedisEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("has no host");
        }
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("has no valid port");
        }
        if (database < 0) {
            throw new IllegalArgumentException("has a negative database number");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /**
     * Parses a Redis URL. Messages never contain the URL, which may hold a password.
     *
     * @param url for example {@code redis://:secret@cache:6379/0}
     * @return the endpoint
     * @throws IllegalArgumentException saying what is wrong
     */
    public static RedisEndpoint parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("must start with redis:// or rediss://");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment");
        }
        String user = "";
        String password = "";
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                // Ambiguous (a user or a password?): the two forms Redis clients agree on are required.
                throw new IllegalArgumentException("must give credentials as :password@ or user:password@");
            }
            user = decode(userInfo.substring(0, colon));
            password = decode(userInfo.substring(colon + 1));
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI leaves the host out when it is not a valid internet name, as Docker's
            // service names with '_' are not; Redis resolves them all the same.
            String hostPort = uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? -1 : port(hostPort.substring(colon + 1));
        }
        return new RedisEndpoint(host, port < 0 ? DEFAULT_PORT : port, user, password,
                                 database(uri.getPath()), scheme.equals("rediss"));
    }

    private static int port(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has no valid port");
        }
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has a database that is not a number");
        }
    }

    private static String decode(String raw) {
        // Percent-decoding only: a '+' in a password is a plus, not a space.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The URL with the password replaced by {@code ***}.
     *
     * @return a loggable URL
     */
    @Override
    public String toString() {
        String credentials = password.isEmpty() ? (user.isEmpty() ? "" : user + "@")
                : user + ":***@";
        return (tls ? "rediss" : "redis") + "://" + credentials + host + ":" + port + "/" + database;
    }
}
