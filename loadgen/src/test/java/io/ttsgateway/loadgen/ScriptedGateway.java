package io.ttsgateway.loadgen;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A gateway stand-in for tests: a WebSocket server (RFC 6455, just enough of it, on a plain
 * {@link ServerSocket}) that hands every text message the client sends to a scripted
 * {@link Behaviour} and records it. Every connection is served by its own virtual thread.
 */
final class ScriptedGateway implements AutoCloseable {

    /** Fixed by RFC 6455 for the handshake's accept header. */
    private static final String HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OPCODE_CONTINUATION = 0;
    private static final int OPCODE_TEXT = 1;
    private static final int OPCODE_BINARY = 2;
    private static final int OPCODE_CLOSE = 8;
    private static final int OPCODE_PING = 9;
    private static final int OPCODE_PONG = 10;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What the server does with a client's message.
     */
    interface Behaviour {
        /**
         * Called on the connection's thread for every text message, in order.
         *
         * @param peer    the connection, to answer on
         * @param message the message, parsed
         * @throws IOException if answering fails
         */
        void onMessage(Peer peer, Map<String, Object> message) throws IOException;
    }

    /**
     * A message the server received.
     *
     * @param message the message, parsed
     * @param at      nano time it was read
     */
    record Received(Map<String, Object> message, long at) {

        String action() {
            return Json.string(message, "action");
        }

        String requestId() {
            return Json.string(message, "requestId");
        }

        String text() {
            return Json.string(message, "text");
        }
    }

    /**
     * One client connection, seen from the server.
     */
    static final class Peer {
        private final OutputStream out;
        private final List<Received> received = new CopyOnWriteArrayList<>();

        private Peer(OutputStream out) {
            this.out = out;
        }

        /**
         * Sends a text frame.
         *
         * @param text the message
         * @throws IOException if the connection failed
         */
        void sendText(String text) throws IOException {
            frame(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sends a binary frame of silence.
         *
         * @param bytes its size
         * @throws IOException if the connection failed
         */
        void sendAudio(int bytes) throws IOException {
            frame(OPCODE_BINARY, new byte[bytes]);
        }

        /**
         * Messages received on this connection so far, in order.
         *
         * @return a snapshot
         */
        List<Received> received() {
            return List.copyOf(received);
        }

        private synchronized void frame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65_536) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >>> shift) & 0xFF);
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    private final Behaviour behaviour;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /**
     * Starts serving on a free loopback port.
     *
     * @param behaviour what to do with each message
     * @throws IOException if no port could be bound
     */
    ScriptedGateway(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("scripted-gateway-accept").start(this::accept);
    }

    /**
     * The endpoint to point the load generator at.
     *
     * @return a ws:// URL
     */
    URI url() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/api/v1/ws");
    }

    /**
     * Failures of the server itself or of the behaviour, e.g. a malformed message from the client;
     * a test asserts there were none.
     *
     * @return a snapshot
     */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /**
     * The connections accepted so far.
     *
     * @return a snapshot
     */
    List<Peer> peers() {
        return List.copyOf(peers);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        acceptor.join(STOP_TIMEOUT);
        for (Thread thread : threads) {
            thread.join(STOP_TIMEOUT);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(socket);
            threads.add(Thread.ofVirtual().name("scripted-gateway-peer").start(() -> serve(socket)));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            handshake(in, out);
            Peer peer = new Peer(out);
            peers.add(peer);
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = in.readUnsignedByte();
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0F;
                byte[] payload = payload(in);
                switch (opcode) {
                case OPCODE_TEXT, OPCODE_CONTINUATION -> {
                    message.write(payload);
                    if (fin) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        Map<String, Object> parsed = Json.parseObject(text);
                        peer.received.add(new Received(parsed, System.nanoTime()));
                        behaviour.onMessage(peer, parsed);
                    }
                }
                case OPCODE_PING -> peer.frame(OPCODE_PONG, payload);
                case OPCODE_CLOSE -> {
                    peer.frame(OPCODE_CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : payload);
                    return;
                }
                case OPCODE_BINARY, OPCODE_PONG -> {
                    // Nothing to do: the load generator sends no audio.
                }
                default -> throw new IOException("unknown opcode " + opcode);
                }
            }
        } catch (EOFException e) {
            // The client dropped the connection.
        } catch (IOException e) {
            // Closed by close() or by the client: the test sees the outcome on the client side.
        } catch (RuntimeException e) {
            errors.add(e);
        }
    }

    private static void handshake(InputStream in, OutputStream out) throws IOException {
        String key = null;
        List<String> lines = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            lines.add(line);
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("not a WebSocket upgrade: " + lines);
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + HANDSHAKE_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** A frame's payload, unmasked: clients always mask. */
    private static byte[] payload(DataInputStream in) throws IOException {
        int second = in.readUnsignedByte();
        boolean masked = (second & 0x80) != 0;
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame too large for a test: " + length);
        }
        byte[] mask = masked ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException();
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return payload;
    }
}
