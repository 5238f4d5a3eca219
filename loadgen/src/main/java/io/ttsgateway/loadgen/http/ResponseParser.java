package io.ttsgateway.loadgen.http;

import java.io.EOFException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Parses one HTTP/1.1 response from bytes handed to it as they arrive, in any pieces: the head,
 * then the body's framing, counting body bytes without copying them and without allocating per
 * piece, so one thread can follow thousands of real-time streams. Chunked, {@code Content-Length}
 * and until-close bodies; interim (1xx) responses are skipped. One thread.
 */
public final class ResponseParser {

    /** Longest head (status line and headers) accepted. */
    static final int MAX_HEAD = 64 * 1024;
    /** Largest chunk size accepted, far above any audio chunk; guards the hex parse against overflow. */
    static final long MAX_CHUNK = 1L << 40;

    /** Where the parse is. */
    private enum State { HEAD, LENGTH, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, DONE }

    private State state = State.HEAD;
    /** The head line so far, its byte count, and what the head said so far. */
    private final StringBuilder line = new StringBuilder(64);
    private int headBytes;
    private int status = -1;
    private boolean chunked;
    private long length = -1;
    private ResponseHead head;
    /** Body bytes left in the declared length or the current chunk. */
    private long remaining;
    /** The chunk size line so far: its value, whether it had a digit, whether an extension began. */
    private long chunkSize;
    private boolean chunkDigits;
    private boolean chunkExtension;
    /** Characters of the current trailer line. */
    private int lineLength;

    /**
     * Parses the bytes from the buffer's position to its limit, all of them unless the response
     * ends first (what follows it stays in the buffer).
     *
     * @param in the bytes; its position is moved past what was parsed
     * @return how many of them were body bytes
     * @throws ProtocolException when the head is not HTTP/1.x or the chunked framing is malformed
     */
    public int feed(ByteBuffer in) throws ProtocolException {
        int data = 0;
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case HEAD -> headByte(in.get());
                case LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    data += n;
                    remaining -= n;
                    if (remaining == 0) {
                        enter(state == State.LENGTH ? State.DONE : State.CHUNK_END);
                    }
                }
                case UNTIL_CLOSE -> {
                    data += in.remaining();
                    in.position(in.limit());
                }
                case CHUNK_SIZE -> chunkSizeByte(in.get());
                case CHUNK_END -> chunkEndByte(in.get());
                case TRAILER -> trailerByte(in.get());
                default -> throw new IllegalStateException(state.toString());
            }
        }
        return data;
    }

    /**
     * Parses head bytes only, stopping where the final head ends (the body's bytes stay in the buffer).
     *
     * @param in the bytes; its position is moved past what was parsed
     * @throws ProtocolException when the head is not HTTP/1.x
     */
    public void feedHead(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining() && state == State.HEAD) {
            headByte(in.get());
        }
    }

    /**
     * The connection ended: the end of an until-close body, otherwise too early.
     *
     * @throws EOFException when the response was not complete
     */
    public void end() throws EOFException {
        if (state == State.UNTIL_CLOSE) {
            enter(State.DONE);
        } else if (state == State.HEAD) {
            throw new EOFException("connection closed before the response head's end");
        } else if (state != State.DONE) {
            throw new EOFException("connection closed before the body's end (" + state + ")");
        }
    }

    /**
     * The final response's status and framing.
     *
     * @return the head, or null until it was parsed whole
     */
    public ResponseHead head() {
        return head;
    }

    /**
     * Whether the response is complete.
     *
     * @return true once its body ended
     */
    public boolean complete() {
        return state == State.DONE;
    }

    private void headByte(byte b) throws ProtocolException {
        if (++headBytes > MAX_HEAD) {
            throw new ProtocolException("response head over " + MAX_HEAD + " bytes");
        }
        if (b == '\r') {
            return;
        }
        if (b != '\n') {
            line.append((char) (b & 0xFF));
            return;
        }
        if (status < 0) {
            status = status(line);
        } else if (line.isEmpty()) {
            headEnded();
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

    private void headEnded() {
        if (status / 100 == 1) { // interim: the final response's head follows
            headBytes = 0;
            status = -1;
            chunked = false;
            length = -1;
            return;
        }
        head = new ResponseHead(status, chunked ? ResponseHead.Framing.CHUNKED
                : length >= 0 ? ResponseHead.Framing.LENGTH : ResponseHead.Framing.UNTIL_CLOSE, chunked ? -1 : length);
        switch (head.framing()) {
            case CHUNKED -> enter(State.CHUNK_SIZE);
            case LENGTH -> {
                remaining = length;
                enter(remaining == 0 ? State.DONE : State.LENGTH);
            }
            case UNTIL_CLOSE -> enter(State.UNTIL_CLOSE);
        }
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

    private static int status(CharSequence line) throws ProtocolException {
        String[] parts = line.toString().split(" ", 3);
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
