package io.ttsgateway.loadgen.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Plain blocking client sockets as the load generator's raw clients open them. */
public final class Sockets {

    private Sockets() {
    }

    /**
     * Connects with {@code TCP_NODELAY}, so each small write leaves at once as a client's would.
     *
     * @param host           host
     * @param port           port
     * @param connectTimeout longest the connect may take
     * @param readTimeout    longest any one read may block
     * @return the connected socket
     * @throws IOException when it cannot connect; the socket is closed then
     */
    public static Socket open(String host, int port, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), millis(connectTimeout));
            socket.setSoTimeout(millis(readTimeout));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A timeout in milliseconds for the socket API, where 0 would mean forever. */
    private static int millis(Duration timeout) {
        return (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE);
    }
}
