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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway that costs nothing, to tell the load generator's own time apart from the gateway's:
 * answers every {@code synthesize} at once, on the thread that read it, with what the hit scenario's
 * cache hit sends (a {@code start}, 7 binary frames of 4,800 bytes, a {@code done}), all prepared
 * in advance. Time to first byte against it is the load generator's cost plus loopback's.
 *   java scripts/NullGateway.java PORT
 * Runs until killed; one platform thread per connection. scripts/hit-first-byte.sh uses it.
 */
public final class NullGateway {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]*)\"");
    private static final byte[] AUDIO = frame(2, new byte[4_800]);
    private static final int FRAMES = 7;

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            System.out.println("null gateway on port " + server.getLocalPort());
            while (true) {
                Socket socket = server.accept();
                Thread.ofPlatform().daemon().start(() -> serve(socket));
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            handshake(in, out);
            while (true) {
                int first = in.readUnsignedByte();
                int opcode = first & 0x0F;
                byte[] payload = payload(in);
                if (opcode == 8) {
                    out.write(frame(8, new byte[] {payload[0], payload[1]}));
                    return;
                }
                if (opcode == 9) {
                    out.write(frame(10, payload));
                } else if (opcode == 1) {
                    answer(new String(payload, StandardCharsets.UTF_8), out);
                }
            }
        } catch (IOException e) {
            // the client left
        }
    }

    private static void answer(String message, OutputStream out) throws IOException {
        Matcher id = REQUEST_ID.matcher(message);
        String quoted = id.find() ? "\"" + id.group(1) + "\"" : "null";
        out.write(frame(1, ("{\"action\":\"start\",\"requestId\":" + quoted
                            + ",\"format\":\"pcm_24000\",\"source\":\"cache\"}").getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < FRAMES; i++) {
            out.write(AUDIO);
        }
        out.write(frame(1, ("{\"action\":\"done\",\"requestId\":" + quoted + ",\"status\":\"completed\"}")
                .getBytes(StandardCharsets.UTF_8)));
        out.flush();
    }

    private static void handshake(InputStream in, OutputStream out) throws IOException {
        String key = null;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("not a WebSocket upgrade");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
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

    /** A client frame's payload, unmasked (clients always mask). */
    private static byte[] payload(DataInputStream in) throws IOException {
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 1 << 20) {
            throw new IOException("frame too large: " + length);
        }
        byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException();
        }
        for (int i = 0; mask != null && i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return payload;
    }

    /** A server frame, unmasked and final. */
    private static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 4);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }
}
