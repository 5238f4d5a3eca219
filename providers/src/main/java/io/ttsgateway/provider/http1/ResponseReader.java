package io.ttsgateway.provider.http1;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Reads a connection's responses into one buffer it reuses: the head, then the body a read of the
 * socket at a time, de-chunked, each piece handed out as a view of the buffer. One thread.
 */
final class ResponseReader {

    /** Longest head (status line and headers) accepted. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Largest chunk size accepted; guards the hex parse against overflow. */
    static final long MAX_CHUNK_BYTES = 1L << 40;
    /** Longest chunk-size or trailer line. */
    private static final int MAX_LINE_BYTES = 8 * 1024;

    /** Where the parse is. */
    private enum State { HEAD, LENGTH, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, DONE }

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private State state = State.HEAD;
    /** Body bytes left in the declared length or the current chunk. */
    private long remaining;
    private boolean sawResponseBytes;
    private final StringBuilder line = new StringBuilder();

    ResponseReader(InputStream in, int bufferBytes) {
        this.in = in;
        this.buffer = new byte[bufferBytes];
    }

    /** Starts the next response on the connection. */
    void next() {
        state = State.HEAD;
        sawResponseBytes = false;
    }

    /** Whether any byte of the current response arrived: before that, a dead connection is safe to retry. */
    boolean sawResponseBytes() {
        return sawResponseBytes;
    }

    /** Whether the body was read to its end with nothing after it: the connection can serve another request. */
    boolean reusable() {
        return state == State.DONE && pos == limit;
    }

    /**
     * Reads the status line and headers, skipping interim (1xx) responses.
     *
     * @throws EOFException      when the connection closed first
     * @throws ProtocolException when the head is not HTTP/1.x or too long
     */
    ResponseHead head() throws IOException {
        if (state != State.HEAD) {
            throw new IllegalStateException("the head was read already");
        }
        ResponseHead head;
        do {
            head = parseHead();
        } while (head.status() / 100 == 1);
        switch (head.framing()) {
            case CHUNKED -> state = State.CHUNK_SIZE;
            case LENGTH -> {
                remaining = head.contentLength();
                state = remaining == 0 ? State.DONE : State.LENGTH;
            }
            case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
        }
        return head;
    }

    /**
     * The next body bytes, reading the socket when none are buffered: a view of the buffer, valid until
     * the next call; {@code null} at the body's end.
     *
     * @throws EOFException      when the connection closed before the body's end
     * @throws ProtocolException when the chunked framing is malformed
     */
    ByteBuffer body() throws IOException {
        while (state != State.DONE) {
            if (state == State.HEAD) {
                throw new IllegalStateException("read the head first");
            }
            if (pos == limit && !fill()) {
                if (state == State.UNTIL_CLOSE) {
                    state = State.DONE;
                    break;
                }
                throw new EOFException("connection closed before the body's end");
            }
            ByteBuffer data = consume();
            if (data != null) {
                return data;
            }
        }
        return null;
    }

    /** Takes what the state allows from the buffered bytes: body bytes, or framing. */
    private ByteBuffer consume() throws IOException {
        switch (state) {
            case LENGTH, CHUNK_DATA -> {
                int n = (int) Math.min(remaining, limit - pos);
                ByteBuffer data = ByteBuffer.wrap(buffer, pos, n);
                pos += n;
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.LENGTH ? State.DONE : State.CHUNK_END;
                }
                return data;
            }
            case UNTIL_CLOSE -> {
                ByteBuffer data = ByteBuffer.wrap(buffer, pos, limit - pos);
                pos = limit;
                return data;
            }
            case CHUNK_SIZE -> {
                if (lineEnded()) {
                    remaining = chunkSize(takeLine());
                    state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
                }
            }
            case CHUNK_END -> {
                if (lineEnded()) {
                    if (!takeLine().isEmpty()) {
                        throw new ProtocolException("a chunk longer than its size");
                    }
                    state = State.CHUNK_SIZE;
                }
            }
            case TRAILER -> {
                if (lineEnded() && takeLine().isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
        return null;
    }

    /** Moves buffered bytes into the current line; true once its end (LF) was taken. */
    private boolean lineEnded() throws ProtocolException {
        while (pos < limit) {
            char c = (char) (buffer[pos++] & 0xFF);
            if (c == '\n') {
                return true;
            }
            if (line.length() >= MAX_LINE_BYTES) {
                throw new ProtocolException("a framing line over " + MAX_LINE_BYTES + " bytes");
            }
            line.append(c);
        }
        return false;
    }

    /** The current line without its CR, and a new one started. */
    private String takeLine() {
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        String taken = line.substring(0, end);
        line.setLength(0);
        return taken;
    }

    private static long chunkSize(String sizeLine) throws ProtocolException {
        int end = sizeLine.indexOf(';');
        String hex = (end >= 0 ? sizeLine.substring(0, end) : sizeLine).strip();
        if (hex.isEmpty() || hex.length() > 11) {
            throw new ProtocolException("a malformed chunk size");
        }
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0 || size > MAX_CHUNK_BYTES) {
                throw new ProtocolException("a chunk size out of range");
            }
            return size;
        } catch (NumberFormatException e) {
            throw new ProtocolException("a malformed chunk size");
        }
    }

    private ResponseHead parseHead() throws IOException {
        int read = 0;
        String statusLine = headLine(read);
        read += statusLine.length() + 2;
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x response");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("a malformed status code");
        }
        boolean close = statusLine.startsWith("HTTP/1.0");
        boolean chunked = false;
        long length = -1;
        for (String header = headLine(read); !header.isEmpty(); header = headLine(read)) {
            read += header.length() + 2;
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("a malformed header line");
            }
            String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "content-length" -> length = contentLength(value, length);
                case "connection" -> close = close ? !value.contains("keep-alive") : value.contains("close");
                default -> { }
            }
        }
        if (status / 100 == 1 || status == 204 || status == 304) {
            return new ResponseHead(status, ResponseHead.Framing.LENGTH, 0, close);
        }
        if (chunked) {
            return new ResponseHead(status, ResponseHead.Framing.CHUNKED, -1, close);
        }
        return length >= 0 ? new ResponseHead(status, ResponseHead.Framing.LENGTH, length, close)
                : new ResponseHead(status, ResponseHead.Framing.UNTIL_CLOSE, -1, true);
    }

    private static long contentLength(String value, long before) throws ProtocolException {
        try {
            long length = Long.parseLong(value);
            if (length < 0 || before >= 0 && before != length) {
                throw new ProtocolException("conflicting or negative Content-Length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("a malformed Content-Length");
        }
    }

    /** One head line without its line end; {@code read} is the head's length so far, bounded. */
    private String headLine(int read) throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed before the response head's end");
            }
            if (lineEnded()) {
                return takeLine();
            }
            if (read + line.length() > MAX_HEAD_BYTES) {
                throw new ProtocolException("a response head over " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }

    /** One read of the socket; false at its end. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        sawResponseBytes = true;
        pos = 0;
        limit = n;
        return true;
    }
}
