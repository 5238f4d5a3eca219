package io.ttsgateway.loadgen.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a stream into a single buffer it reuses: the head once, then
 * the body one read of the stream at a time, counting body bytes without copying them and without
 * allocating per read, so a client can follow thousands of real-time streams cheaply. Chunked,
 * {@code Content-Length} and until-close bodies. Each read's {@link #arrivedAt()} is taken as the
 * stream's read returns, so a caller's timing is when bytes came, not when it looked. One thread.
 */
public final class ResponseReader {

    /** Longest head (status line and headers) accepted. */
    static final int MAX_HEAD = 64 * 1024;
    /** Largest chunk size accepted, far above any audio chunk; guards the hex parse against overflow. */
    static final long MAX_CHUNK = 1L << 40;

    /** Where the parse is. */
    private enum State { HEAD, LENGTH, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, DONE }

    private final InputStream in;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private long arrivedAt;
    private State state = State.HEAD;
    /** Body bytes left in the declared length or the current chunk. */
    private long remaining;
    /** The chunk size line so far: its value, whether it had a digit, whether an extension began. */
    private long chunkSize;
    private boolean chunkDigits;
    private boolean chunkExtension;
    /** Characters of the current trailer line. */
    private int lineLength;

    /**
     * A reader of one response.
     *
     * @param in     the connection's input, read directly (no buffering stream needed)
     * @param buffer the buffer every read goes into
     */
    public ResponseReader(InputStream in, byte[] buffer) {
        this.in = in;
        this.buffer = buffer;
    }

    /**
     * Reads the status line and headers, skipping interim (1xx) responses.
     *
     * @return the status and framing
     * @throws EOFException      when the connection closed first
     * @throws ProtocolException when the head is not HTTP/1.x
     * @throws IOException       when reading fails
     */
    public ResponseHead head() throws IOException {
        if (state != State.HEAD) {
            throw new IllegalStateException("the head was read already");
        }
        ResponseHead head;
        do {
            head = HeadParser.parse(this::nextHeadByte);
        } while (head.status() / 100 == 1);
        switch (head.framing()) {
            case CHUNKED -> enter(State.CHUNK_SIZE);
            case LENGTH -> {
                remaining = head.contentLength();
                enter(remaining == 0 ? State.DONE : State.LENGTH);
            }
            case UNTIL_CLOSE -> enter(State.UNTIL_CLOSE);
        }
        return head;
    }

    /**
     * Reads on until a read brings body bytes or the body ends; bytes already buffered with the
     * head count as that read's.
     *
     * @return body bytes of this read (more than 0), or -1 when the body is complete
     * @throws EOFException      when the connection closed before the body's end
     * @throws ProtocolException when the chunked framing is malformed
     * @throws IOException       when reading fails, including {@link java.net.SocketTimeoutException}
     */
    public int body() throws IOException {
        if (state == State.HEAD) {
            throw new IllegalStateException("read the head first");
        }
        while (state != State.DONE) {
            if (pos == limit && !fill()) {
                if (state == State.UNTIL_CLOSE) {
                    enter(State.DONE);
                    break;
                }
                throw new EOFException("connection closed before the body's end (" + state + ")");
            }
            int data = consume();
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

    private int nextHeadByte() throws IOException {
        if (pos == limit && !fill()) {
            throw new EOFException("connection closed before the response head's end");
        }
        return buffer[pos++] & 0xFF;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        arrivedAt = System.nanoTime();
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    /** Walks the buffered bytes as far as they go, counting the body bytes among them. */
    private int consume() throws ProtocolException {
        int data = 0;
        while (pos < limit && state != State.DONE) {
            switch (state) {
                case LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, limit - pos);
                    pos += n;
                    data += n;
                    remaining -= n;
                    if (remaining == 0) {
                        enter(state == State.LENGTH ? State.DONE : State.CHUNK_END);
                    }
                }
                case UNTIL_CLOSE -> {
                    data += limit - pos;
                    pos = limit;
                }
                case CHUNK_SIZE -> chunkSizeByte(buffer[pos++]);
                case CHUNK_END -> chunkEndByte(buffer[pos++]);
                case TRAILER -> trailerByte(buffer[pos++]);
                default -> throw new IllegalStateException(state.toString());
            }
        }
        return data;
    }

    private void chunkSizeByte(byte b) throws ProtocolException {
        if (b == '\n') {
            if (!chunkDigits) {
                throw new ProtocolException("chunk size line without a size");
            }
            remaining = chunkSize;
            enter(chunkSize == 0 ? State.TRAILER : State.CHUNK_DATA);
        } else if (b == ';') {
            chunkExtension = true;
        } else if (!chunkExtension && b != '\r' && b != ' ' && b != '\t') {
            int digit = Character.digit(b, 16);
            if (digit < 0 || chunkSize > MAX_CHUNK) {
                throw new ProtocolException("bad chunk size");
            }
            chunkSize = chunkSize * 16 + digit;
            chunkDigits = true;
        }
    }

    private void chunkEndByte(byte b) throws ProtocolException {
        if (b == '\n') {
            enter(State.CHUNK_SIZE);
        } else if (b != '\r') {
            throw new ProtocolException("chunk data longer than its size");
        }
    }

    private void trailerByte(byte b) throws ProtocolException {
        if (b == '\n') {
            if (lineLength == 0) {
                enter(State.DONE);
            }
            lineLength = 0;
        } else if (b != '\r' && ++lineLength > MAX_HEAD) {
            throw new ProtocolException("trailer line too long");
        }
    }

    /** The one place the state changes; a new chunk size line starts empty. */
    private void enter(State next) {
        if (next == State.CHUNK_SIZE) {
            chunkSize = 0;
            chunkDigits = false;
            chunkExtension = false;
        } else if (next == State.TRAILER) {
            lineLength = 0;
        }
        state = next;
    }

    /** What {@link HeadParser} reads bytes from. */
    @FunctionalInterface
    interface ByteSource {
        int next() throws IOException;
    }

    /** The head's lines: once per response, so plain strings are fine here. */
    static final class HeadParser {

        private HeadParser() {
        }

        static ResponseHead parse(ByteSource source) throws IOException {
            StringBuilder line = new StringBuilder(64);
            int size = 0;
            int status = -1;
            boolean chunked = false;
            long length = -1;
            while (true) {
                int b = source.next();
                if (++size > MAX_HEAD) {
                    throw new ProtocolException("response head over " + MAX_HEAD + " bytes");
                }
                if (b == '\r') {
                    continue;
                }
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (status < 0) {
                    status = status(line);
                } else if (line.isEmpty()) {
                    return new ResponseHead(status, chunked ? ResponseHead.Framing.CHUNKED
                            : length >= 0 ? ResponseHead.Framing.LENGTH : ResponseHead.Framing.UNTIL_CLOSE,
                            chunked ? -1 : length);
                } else {
                    String header = line.toString().toLowerCase(Locale.ROOT);
                    if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                        chunked = true;
                    } else if (header.startsWith("content-length:")) {
                        length = contentLength(header);
                    }
                }
                line.setLength(0);
            }
        }

        private static int status(CharSequence line) throws ProtocolException {
            String text = line.toString();
            String[] parts = text.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
                throw new ProtocolException("not an HTTP/1.x status line");
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new ProtocolException("not an HTTP/1.x status line");
            }
        }

        private static long contentLength(String header) throws ProtocolException {
            try {
                long length = Long.parseLong(header.substring("content-length:".length()).strip());
                if (length >= 0) {
                    return length;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ProtocolException("bad content-length");
        }
    }
}
