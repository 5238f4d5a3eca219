package io.ttsgateway.provider.http1;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One socket to a provider, used by one call at a time: the request written whole, the response read
 * into one buffer. {@link #close()} may come from any thread and makes a blocked read or connect fail
 * at once: the way a call is stopped at the provider.
 */
public final class Http1Connection implements AutoCloseable {

    /** Read buffer: a socket read of a real-time stream brings far less. */
    static final int READ_BUFFER_BYTES = 16 * 1024;

    private final Destination destination;
    private final Socket plain = new Socket();
    private volatile Socket socket = plain;
    private volatile boolean closed;
    private ResponseReader reader;
    private OutputStream out;
    private boolean reused;
    private boolean closeAfter;
    private long idleSince;
    private int readTimeoutMillis = -1;

    /** A connection not yet connected; {@link #close()} works from here on. */
    Http1Connection(Destination destination) {
        this.destination = destination;
    }

    /** Where it goes. */
    public Destination destination() {
        return destination;
    }

    /** Whether it came from the pool, so a failure before any response byte may be a connection the server dropped. */
    public boolean reused() {
        return reused;
    }

    /** Connects within {@code timeout}, with TLS through {@code tls} when the destination is https. */
    void connect(Duration timeout, SSLSocketFactory tls) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        plain.setTcpNoDelay(true); // a request is one write; audio must not wait for an ACK
        plain.connect(new InetSocketAddress(destination.host(), destination.port()), millis);
        if (destination.secure()) {
            SSLSocket secured = (SSLSocket) tls.createSocket(plain, destination.host(), destination.port(), true);
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secured.setSSLParameters(parameters);
            socket = secured;
            if (closed) {
                throw new SocketException("closed while connecting");
            }
            secured.setSoTimeout(millis);
            readTimeoutMillis = millis;
            secured.startHandshake();
        }
        InputStream in = socket.getInputStream();
        out = socket.getOutputStream();
        reader = new ResponseReader(in, READ_BUFFER_BYTES);
    }

    /** Writes a request and starts reading its response. */
    public void send(Http1Request request) throws IOException {
        reader.next();
        out.write(request.bytes());
        out.flush();
    }

    /** The longest a read may block before it throws {@link java.net.SocketTimeoutException}. */
    public void readTimeout(long millis) throws SocketException {
        int bounded = (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
        if (bounded != readTimeoutMillis) { // the same stall timeout before every read of a stream
            socket.setSoTimeout(bounded);
            readTimeoutMillis = bounded;
        }
    }

    /** The response's status and framing. */
    public ResponseHead head() throws IOException {
        ResponseHead head = reader.head();
        closeAfter = head.close();
        return head;
    }

    /** The next body bytes, a view valid until the next call; {@code null} at the body's end. */
    public ByteBuffer body() throws IOException {
        return reader.body();
    }

    /** Whether any byte of this response arrived. */
    public boolean sawResponseBytes() {
        return reader.sawResponseBytes();
    }

    /** Whether the response was read to its end and the server keeps the connection. */
    boolean reusable() {
        return !closed && !closeAfter && reader.reusable();
    }

    /** Marks it idle (in the pool) from now. */
    void idle(long now) {
        idleSince = now;
        reused = true;
    }

    /** When it went idle, {@link System#nanoTime()}. */
    long idleSince() {
        return idleSince;
    }

    /** Closes the socket; any thread, idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        } finally {
            try {
                plain.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }
}
