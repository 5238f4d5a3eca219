package io.ttsgateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * One file of the playground, read from the class path once and served from memory.
 *
 * <p>Responses carry {@code Cache-Control: no-cache} and an entity tag: a browser keeps its copy but
 * asks every time, and gets {@code 304 Not Modified} while the file is the same, so a new version of
 * the gateway is never shown with an old script.
 *
 * @param contentType the {@code Content-Type} header, with charset
 * @param content     the file's bytes
 * @param etag        strong entity tag of the content, quoted
 */
record StaticResource(Header contentType, byte[] content, String etag) {

    /** Class path folder of the playground's files. */
    static final String ROOT = "web/";
    /** Hex digits of the content hash kept in the entity tag; enough to tell versions apart. */
    private static final int ETAG_HEX_DIGITS = 16;
    /** Keep a copy, but revalidate it on every use (Helidon's CACHE_NO_CACHE also forbids storing). */
    private static final Header REVALIDATE = HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache");
    private static final Header NO_SNIFF = HeaderValues.create(HeaderNames.create("X-Content-Type-Options"), "nosniff");
    /** The page loads only its own files and talks only to its own origin (connect-src 'self' covers ws:). */
    private static final Header CONTENT_SECURITY_POLICY = HeaderValues.create(
            HeaderNames.create("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                    + "frame-ancestors 'none'");

    /**
     * Reads a file of {@link #ROOT}.
     *
     * @param name        file name inside {@link #ROOT}
     * @param contentType its content type, for example {@code text/html; charset=UTF-8}
     * @return the resource
     * @throws IllegalStateException when the file is not on the class path (a packaging error)
     */
    static StaticResource load(String name, String contentType) {
        try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("class path resource " + ROOT + name + " is missing");
            }
            byte[] content = in.readAllBytes();
            return new StaticResource(HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType), content,
                                      "\"" + hash(content) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource " + ROOT + name, e);
        }
    }

    /**
     * Answers a request with the file, or with 304 when the client's copy is current.
     *
     * @param request  the request
     * @param response the response
     */
    void send(ServerRequest request, ServerResponse response) {
        response.header(REVALIDATE)
                .header(HeaderNames.ETAG, etag)
                .header(NO_SNIFF)
                .header(CONTENT_SECURITY_POLICY);
        boolean current = request.headers().first(HeaderNames.IF_NONE_MATCH)
                .map(tags -> tags.contains(etag))
                .orElse(false);
        if (current) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        response.header(contentType).send(content);
    }

    private static String hash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest).substring(0, ETAG_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
