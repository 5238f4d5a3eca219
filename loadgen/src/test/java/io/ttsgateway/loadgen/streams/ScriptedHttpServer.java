package io.ttsgateway.loadgen.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An HTTP server on a real socket that answers every request with the same bytes, written in the
 * given parts (each flushed), and then closes the connection: for the framings and cuts the OpenAI
 * fake does not produce, such as a {@code Content-Length} body cut short.
 */
final class ScriptedHttpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<byte[]> parts;
    private final Thread acceptor;

    private ScriptedHttpServer(List<byte[]> parts) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.parts = List.copyOf(parts);
        this.acceptor = Thread.ofVirtual().name("scripted-http").start(this::accept);
    }

    /**
     * Starts a server.
     *
     * @param parts the response, part by part (strings in ISO-8859-1, or byte arrays)
     * @return the running server
     * @throws IOException when it cannot listen
     */
    static ScriptedHttpServer start(Object... parts) throws IOException {
        return new ScriptedHttpServer(java.util.Arrays.stream(parts)
                .map(p -> p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.ISO_8859_1)).toList());
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (byte[] part : parts) {
                out.write(part);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /** Reads the head and a Content-Length body, so closing after the answer loses nothing unread. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut");
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).strip());
            in.readNBytes(length);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
