package io.ttsgateway.loadgen.fuzz;

import io.ttsgateway.loadgen.http.Sockets;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A WebSocket client on a bare socket that sends whatever bytes it is given, well-formed or not:
 * frames are built by {@link #frame} (any first byte, so any FIN, reserved bits and opcode; masked
 * or not), and written as they are. Reads the server's frames one at a time. One thread.
 */
public final class RawClient implements AutoCloseable {

    /** Opcodes of RFC 6455. */
    public static final int CONTINUATION = 0x0;
    /** Text frame. */
    public static final int TEXT = 0x1;
    /** Binary frame. */
    public static final int BINARY = 0x2;
    /** Close frame. */
    public static final int CLOSE = 0x8;
    /** Ping frame. */
    public static final int PING = 0x9;
    /** Pong frame. */
    public static final int PONG = 0xA;
    /** The FIN bit of a frame's first byte. */
    public static final int FIN = 0x80;

    private static final byte[] MASK = {0x37, (byte) 0xFA, 0x21, 0x3D};

    /**
     * A frame from the server.
     *
     * @param opcode  its opcode
     * @param payload its payload
     */
    public record Frame(int opcode, byte[] payload) {
        /**
         * The payload as text.
         *
         * @return UTF-8 decoded
         */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /**
         * The code of a close frame.
         *
         * @return the code, 1005 when the frame has none
         */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /** The server answered the upgrade with something else than 101. */
    public static final class RefusedException extends IOException {
        private final int status;

        RefusedException(int status, String line) {
            super("upgrade refused: " + line);
            this.status = status;
        }

        /**
         * The HTTP status.
         *
         * @return status code
         */
        public int status() {
            return status;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and upgrades.
     *
     * @param host    host
     * @param port    port
     * @param target  path and query, e.g. {@code /api/v1/ws}
     * @param headers extra request headers (Origin, Authorization, ...)
     * @param timeout longest wait for any one read
     * @return the upgraded client
     * @throws RefusedException when the server refuses the upgrade
     * @throws IOException      when the connection fails
     */
    public static RawClient connect(String host, int port, String target, Map<String, String> headers,
                                    Duration timeout) throws IOException {
        Socket socket = Sockets.open(host, port, timeout, timeout);
        try {
            RawClient client = new RawClient(socket);
            client.upgrade(host, port, target, headers);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Builds a masked frame.
     *
     * @param firstByte FIN, reserved bits and opcode
     * @param payload   the payload, masked here
     * @return the frame's bytes
     */
    public static byte[] frame(int firstByte, byte[] payload) {
        return frame(firstByte, true, payload);
    }

    /**
     * Builds a frame.
     *
     * @param firstByte FIN, reserved bits and opcode
     * @param masked    whether the payload is masked, as a client must
     * @param payload   the payload
     * @return the frame's bytes
     */
    public static byte[] frame(int firstByte, boolean masked, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        writeLength(frame, masked ? 0x80 : 0, payload.length);
        if (masked) {
            frame.writeBytes(MASK);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ MASK[i % 4] : payload[i]);
        }
        return frame.toByteArray();
    }

    /**
     * The header of a masked frame that claims {@code length} bytes of payload, without them.
     *
     * @param firstByte FIN, reserved bits and opcode
     * @param length    the length claimed
     * @return the header's bytes
     */
    public static byte[] header(int firstByte, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write(firstByte);
        writeLength(header, 0x80, length);
        header.writeBytes(MASK);
        return header.toByteArray();
    }

    /**
     * Writes bytes as they are.
     *
     * @param bytes frames, or anything
     * @throws IOException when the connection is gone
     */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads the server's next frame.
     *
     * @return the frame, or null when the server closed the connection (or reset it)
     * @throws java.net.SocketTimeoutException when nothing came within the timeout
     * @throws IOException                     when reading fails otherwise
     */
    public Frame read() throws IOException {
        try {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            return new Frame(first & 0x0F, payload);
        } catch (EOFException e) {
            return null;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return null; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void upgrade(String host, int port, String target, Map<String, String> headers) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        String status = readLine();
        String line;
        do {
            line = readLine();
        } while (!line.isEmpty());
        String[] parts = status.split(" ", 3);
        int code = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if (code != 101) {
            throw new RefusedException(code, status);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the upgrade");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
    }

    private static void writeLength(ByteArrayOutputStream frame, int maskBit, long length) {
        if (length < 126) {
            frame.write(maskBit | (int) length);
        } else if (length < 65536) {
            frame.write(maskBit | 126);
            frame.write((int) (length >> 8));
            frame.write((int) (length & 0xFF));
        } else {
            frame.write(maskBit | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(length).array());
        }
    }
}
