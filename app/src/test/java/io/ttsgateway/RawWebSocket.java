package io.ttsgateway;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a bare socket, for what a polite client never does: vanish without a
 * close frame, or stop reading.
 */
final class RawWebSocket implements AutoCloseable {

    private static final int OPCODE_TEXT = 1;
    private static final int OPCODE_BINARY = 2;
    private static final int OPCODE_CLOSE = 8;
    private static final int OPCODE_PING = 9;
    private static final int OPCODE_PONG = 10;

    /** A frame as read. */
    record Frame(int opcode, byte[] payload) {
        /** The status code of a close frame. */
        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        /** The reason of a close frame. */
        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawWebSocket connect(int port) throws IOException {
        return upgrade(new Socket("localhost", port), port);
    }

    /**
     * Connects with a small receive buffer, so that a client that stops reading fills the
     * server's socket soon.
     */
    static RawWebSocket connect(int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress("localhost", port));
        return upgrade(socket, port);
    }

    private static RawWebSocket upgrade(Socket socket, int port) throws IOException {
        RawWebSocket ws = new RawWebSocket(socket);
        ws.out.write(("GET " + Gateway.WEBSOCKET_PATH + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String headers = ws.readHeaders();
        if (!headers.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + headers);
        }
        return ws;
    }

    void sendText(String text) throws IOException {
        send(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendPing(byte[] payload) throws IOException {
        send(OPCODE_PING, payload);
    }

    /**
     * Reads and drops everything the server sent, until it closes the connection.
     */
    void readToEnd() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // dropped
            }
        } catch (SocketException e) {
            // reset: closed as well
        }
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = {11, 22, 33, 44};
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        }
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    /**
     * Reads frames until a binary one arrives.
     */
    void awaitBinary() throws IOException {
        while (readFrame() != OPCODE_BINARY) {
            // text frames (start) are skipped
        }
    }

    /**
     * Reads frames until a text one arrives.
     */
    void awaitText() throws IOException {
        while (readFrame() != OPCODE_TEXT) {
            // pings are skipped
        }
    }

    /**
     * Reads frames until one with the opcode arrives.
     *
     * @throws java.io.EOFException when the connection ends first
     */
    private Frame awaitFrame(int opcode) throws IOException {
        while (true) {
            Frame frame = next();
            if (frame.opcode() == opcode) {
                return frame;
            }
        }
    }

    Frame awaitClose() throws IOException {
        return awaitFrame(OPCODE_CLOSE);
    }

    /**
     * Goes without a close frame but politely at the TCP level: a FIN, then the socket closes.
     */
    void leave() throws IOException {
        socket.shutdownOutput();
        socket.close();
    }

    /**
     * Disappears: a TCP reset, no close frame.
     */
    void vanish() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int readFrame() throws IOException {
        return next().opcode();
    }

    /**
     * Reads the next frame, whatever it is.
     */
    Frame next() throws IOException {
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
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        InputStream stream = in;
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = stream.read();
            if (b < 0) {
                throw new IOException("connection closed during upgrade");
            }
            headers.append((char) b);
        }
        return headers.toString();
    }
}
