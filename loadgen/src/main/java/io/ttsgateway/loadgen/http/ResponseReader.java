package io.ttsgateway.loadgen.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads one HTTP/1.1 response from a blocking stream into a single buffer it reuses, parsed by a
 * {@link ResponseParser}: the head once, then the body one read of the stream at a time. Each
 * read's {@link #arrivedAt()} is taken as the stream's read returns, so a caller's timing is when
 * bytes came, not when it looked. One thread.
 */
public final class ResponseReader {

    private final InputStream in;
    private final byte[] buffer;
    private final ByteBuffer window;
    private final ResponseParser parser = new ResponseParser();
    private long arrivedAt;

    /**
     * A reader of one response.
     *
     * @param in     the connection's input, read directly (no buffering stream needed)
     * @param buffer the buffer every read goes into
     */
    public ResponseReader(InputStream in, byte[] buffer) {
        this.in = in;
        this.buffer = buffer;
        this.window = ByteBuffer.wrap(buffer).limit(0);
    }

    /**
     * Reads the status line and headers, skipping interim (1xx) responses.
     *
     * @return the status and framing
     * @throws java.io.EOFException      when the connection closed first
     * @throws java.net.ProtocolException when the head is not HTTP/1.x
     * @throws IOException               when reading fails
     */
    public ResponseHead head() throws IOException {
        if (parser.head() != null) {
            throw new IllegalStateException("the head was read already");
        }
        while (parser.head() == null) {
            if (!window.hasRemaining() && !fill()) {
                parser.end();
            }
            parser.feedHead(window);
        }
        return parser.head();
    }

    /**
     * Reads on until a read brings body bytes or the body ends; bytes already buffered with the
     * head count as that read's.
     *
     * @return body bytes of this read (more than 0), or -1 when the body is complete
     * @throws java.io.EOFException      when the connection closed before the body's end
     * @throws java.net.ProtocolException when the chunked framing is malformed
     * @throws IOException               when reading fails, including {@link java.net.SocketTimeoutException}
     */
    public int body() throws IOException {
        if (parser.head() == null) {
            throw new IllegalStateException("read the head first");
        }
        while (!parser.complete()) {
            if (!window.hasRemaining() && !fill()) {
                parser.end();
                break;
            }
            int data = parser.feed(window);
            if (data > 0) {
                return data;
            }
        }
        return -1;
    }

    /**
     * When the read that brought the bytes last returned by {@link #body()} returned.
     *
     * @return {@link System#nanoTime()} then
     */
    public long arrivedAt() {
        return arrivedAt;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        arrivedAt = System.nanoTime();
        window.position(0).limit(Math.max(n, 0));
        return n > 0;
    }
}
