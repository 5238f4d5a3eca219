package io.ttsgateway.loadgen.http;

/**
 * The status and body framing of an HTTP/1.1 response.
 *
 * @param status        the status code
 * @param framing       how the body's end is known
 * @param contentLength the declared length for {@link Framing#LENGTH}, otherwise -1
 */
public record ResponseHead(int status, Framing framing, long contentLength) {

    /** How a response body's end is known (RFC 9112, section 6.3). */
    public enum Framing {
        /** {@code Transfer-Encoding: chunked}: ends with a zero-size chunk. */
        CHUNKED,
        /** {@code Content-Length}: ends after that many bytes. */
        LENGTH,
        /** Neither: ends when the server closes the connection. */
        UNTIL_CLOSE
    }
}
