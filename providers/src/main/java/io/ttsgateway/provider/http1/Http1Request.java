package io.ttsgateway.provider.http1;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request serialized once, sent whole in one write (and once more if its pooled connection had died).
 *
 * @param destination where it goes
 * @param bytes       the request line, headers and body
 */
public record Http1Request(Destination destination, byte[] bytes) {

    private static final String USER_AGENT = "tts-gateway";

    /**
     * A {@code POST} with a body.
     *
     * @param uri         an http(s) URL
     * @param headers     extra headers, such as the key
     * @param contentType the body's type
     * @param body        the body
     * @throws IllegalArgumentException when a header name or value could break the head (CR, LF,
     *                                  other control characters) or the URL is not http(s)
     */
    public static Http1Request post(URI uri, Map<String, String> headers, String contentType, byte[] body) {
        Destination destination = Destination.of(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        StringBuilder head = new StringBuilder(256).append("POST ").append(target).append(" HTTP/1.1\r\n");
        header(head, "Host", destination.hostHeader());
        header(head, "User-Agent", USER_AGENT);
        header(head, "Content-Type", contentType);
        header(head, "Content-Length", Integer.toString(body.length));
        headers.forEach((name, value) -> header(head, name, value));
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return new Http1Request(destination, out.toByteArray());
    }

    private static void header(StringBuilder head, String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ':')) {
            throw new IllegalArgumentException("a header name that is not a token");
        }
        // Only the check's outcome is reported: a value may be a key.
        if (!value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a header value with control or non-ASCII characters");
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }
}
