package io.ttsgateway.fakes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for {@link FakeOpenAi}: requests with a {@code Content-Length} or chunked body,
 * responses with a fixed body or a chunked stream flushed chunk by chunk.
 *
 * <p>Written on plain sockets rather than on Helidon's server because the fake must do what a
 * handler there cannot: cut the TCP connection in the middle of a chunked body, close a kept-alive
 * connection while it is idle, and see at once (a read returning end of stream) that the client
 * hung up while its response was still streaming.
 */
final class FakeOpenAiHttp {

    /** Longest request line or header line. */
    static final int MAX_LINE = 8 * 1024;
    /** Most header lines in one request. */
    static final int MAX_HEADERS = 100;
    /** Largest request body; a speech request is a few kilobytes. */
    static final int MAX_BODY = 1024 * 1024;

    private FakeOpenAiHttp() {
    }

    /**
     * A parsed request.
     *
     * @param method  the method, such as {@code POST}
     * @param path    the path without the query
     * @param headers header values by lower-case name (the last one wins)
     * @param body    the decoded body
     */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {

        /**
         * A header value.
         *
         * @param name the name, any case
         * @return the value, or {@code null}
         */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /**
         * Whether the client asked to close the connection after this exchange.
         *
         * @return true for {@code Connection: close}
         */
        boolean wantsClose() {
            String connection = header("connection");
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        }
    }

    /** The bytes on the wire are not an HTTP request the fake can answer. */
    static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * Reads the next request of a connection.
     *
     * @param in the connection's input
     * @return the request, or {@code null} when the client closed the connection between requests
     * @throws IOException when the connection failed or the bytes are not HTTP ({@link BadRequest})
     */
    static Request read(InputStream in) throws IOException {
        String requestLine = line(in, true);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "bad request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String header = line(in, false);
            if (header.isEmpty()) {
                break;
            }
            if (headers.size() >= MAX_HEADERS) {
                throw new BadRequest(431, "too many headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "bad header line");
            }
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        String target = parts[1];
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        Request head = new Request(parts[0], path, headers, new byte[0]);
        return new Request(parts[0], path, headers, body(in, head));
    }

    private static byte[] body(InputStream in, Request head) throws IOException {
        String encoding = head.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunkedBody(in);
        }
        String length = head.header("content-length");
        if (length == null) {
            return new byte[0];
        }
        long size;
        try {
            size = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "bad content-length");
        }
        if (size < 0 || size > MAX_BODY) {
            throw new BadRequest(413, "body too large");
        }
        return exactly(in, (int) size);
    }

    private static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, false);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "bad chunk size");
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                throw new BadRequest(413, "body too large");
            }
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                while (!line(in, false).isEmpty()) {
                    // skip
                }
                return body.toByteArray();
            }
            body.write(exactly(in, size));
            if (!line(in, false).isEmpty()) {
                throw new BadRequest(400, "bad chunk end");
            }
        }
    }

    private static byte[] exactly(InputStream in, int size) throws IOException {
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new IOException("connection closed inside a request body");
        }
        return data;
    }

    /**
     * One CRLF-terminated line.
     *
     * @param in         the input
     * @param startOfMsg whether an end of stream before the first byte is a clean close
     * @return the line without CRLF, or {@code null} at a clean end of stream
     */
    private static String line(InputStream in, boolean startOfMsg) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (startOfMsg && line.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside a request");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new BadRequest(431, "line too long");
            }
            line.write(b);
        }
    }

    /**
     * Writes a whole response with a body.
     *
     * @param out         the connection's output
     * @param status      the status
     * @param headers     extra headers
     * @param contentType the body's type
     * @param body        the body
     * @param close       whether the connection closes after it
     * @throws IOException when the client is gone
     */
    static void writeFixed(OutputStream out, int status, Map<String, String> headers, String contentType, byte[] body,
                           boolean close) throws IOException {
        StringBuilder head = statusLine(status);
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /**
     * Starts a chunked response.
     *
     * @param out         the connection's output
     * @param contentType the body's type
     * @param close       whether the connection closes after it
     * @throws IOException when the client is gone
     */
    static void writeChunkedHead(OutputStream out, String contentType, boolean close) throws IOException {
        StringBuilder head = statusLine(200);
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Transfer-Encoding: chunked\r\n");
        head.append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Writes and flushes one chunk of a chunked body.
     *
     * @param out  the connection's output
     * @param data the chunk, not empty
     * @throws IOException when the client is gone
     */
    static void writeChunk(OutputStream out, byte[] data) throws IOException {
        // One write, so one TCP segment per chunk, as servers that buffer their writes send it.
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(data, 0, chunk, size.length, data.length);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        out.write(chunk);
        out.flush();
    }

    /**
     * Ends a chunked body.
     *
     * @param out the connection's output
     * @throws IOException when the client is gone
     */
    static void writeLastChunk(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static StringBuilder statusLine(int status) {
        String reason = switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            default -> "Status";
        };
        return new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    }
}
