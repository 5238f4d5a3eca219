package io.ttsgateway.provider.http1;

/**
 * A response's status line and the headers that frame its body.
 *
 * @param status        the status code
 * @param framing       how the body's end is found
 * @param contentLength the body's length under {@link Framing#LENGTH}, else -1
 * @param close         whether the server closes the connection after this response
 */
public record ResponseHead(int status, Framing framing, long contentLength, boolean close) {

    /** How a body ends. */
    public enum Framing {
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** {@code Content-Length}, or no body (length 0). */
        LENGTH,
        /** Neither: the body ends when the server closes the connection. */
        UNTIL_CLOSE
    }

    /** Whether the status is a success. */
    public boolean ok() {
        return status / 100 == 2;
    }
}
