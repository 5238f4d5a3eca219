package io.ttsgateway.fakes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A connection's input not parsed yet, for a server reading without blocking: bytes are appended
 * as they arrive and a request is taken once all of it is there, head and {@code Content-Length}
 * body, then parsed by {@link FakeOpenAiHttp}. Framing is stricter than that parser's: lines end in
 * CRLF and the first {@code Content-Length} counts, as HTTP clients send them.
 */
final class RequestBytes {

    /** Largest request, head and body. */
    static final int MAX_REQUEST_BYTES = 64 * 1024 + FakeOpenAiHttp.MAX_BODY;

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private static final String CONTENT_LENGTH = "\r\ncontent-length:";

    private byte[] bytes = new byte[1024];
    private int length;

    /**
     * Appends what a read brought.
     *
     * @param read the bytes, from position to limit
     * @throws FakeOpenAiHttp.BadRequest 413 past {@link #MAX_REQUEST_BYTES}
     */
    void append(ByteBuffer read) throws FakeOpenAiHttp.BadRequest {
        int n = read.remaining();
        if (length + n > MAX_REQUEST_BYTES) {
            throw new FakeOpenAiHttp.BadRequest(413, "request too large");
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        read.get(bytes, length, n);
        length += n;
    }

    /**
     * The next request, once it is all here; the bytes after it stay for the one after.
     *
     * @return the request, or null while part of it is still to come
     * @throws IOException a {@link FakeOpenAiHttp.BadRequest} for what cannot be read: a chunked
     *                     body (411), a bad {@code Content-Length} (400), one past the limit (413)
     *                     or a malformed head
     */
    FakeOpenAiHttp.Request take() throws IOException {
        int headEnd = indexOfHeadEnd();
        if (headEnd < 0) {
            return null;
        }
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (head.contains("\r\ntransfer-encoding:")) {
            throw new FakeOpenAiHttp.BadRequest(411, "this server takes a Content-Length body only");
        }
        int total = headEnd + HEAD_END.length + contentLength(head);
        if (length < total) {
            return null;
        }
        FakeOpenAiHttp.Request request = FakeOpenAiHttp.read(new ByteArrayInputStream(bytes, 0, total));
        System.arraycopy(bytes, total, bytes, 0, length - total);
        length -= total;
        return request;
    }

    private int indexOfHeadEnd() {
        outer:
        for (int i = 0; i + HEAD_END.length <= length; i++) {
            for (int j = 0; j < HEAD_END.length; j++) {
                if (bytes[i + j] != HEAD_END[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int contentLength(String head) throws FakeOpenAiHttp.BadRequest {
        int at = head.indexOf(CONTENT_LENGTH);
        if (at < 0) {
            return 0;
        }
        int end = head.indexOf("\r\n", at + 2);
        try {
            int value = Integer.parseInt(head.substring(at + CONTENT_LENGTH.length(), end < 0 ? head.length() : end)
                                                 .strip());
            if (value > FakeOpenAiHttp.MAX_BODY) {
                throw new FakeOpenAiHttp.BadRequest(413, "request body too large");
            }
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new FakeOpenAiHttp.BadRequest(400, "bad content-length");
    }
}
