package io.ttsgateway.session.frames;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;

/**
 * A WebSocket connection's context as Helidon's connection sees it: the server's own, except that
 * its bytes are read through a {@link CheckedReader}, and that it knows when the connection ends.
 * The session reaches it as {@code WsSession.socketContext()}.
 */
public final class CheckedContext implements ConnectionContext {

    private static final Logger LOGGER = Logger.getLogger(CheckedContext.class.getName());

    private final ConnectionContext server;
    private final DataReader reader;
    private final List<Runnable> onClosed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    CheckedContext(ConnectionContext server, long maxFrameLength) {
        this.server = server;
        this.reader = DataReader.create(new CheckedReader(server.dataReader(), maxFrameLength));
    }

    /**
     * Runs {@code action} once the connection's reader has ended, however it ended (close
     * handshake, a broken rule, the peer gone, the connection cut): Helidon closes the socket right
     * after. Runs at once when that already happened.
     *
     * @param action what to run, on the reader thread; it must not block
     */
    public void whenClosed(Runnable action) {
        onClosed.add(action);
        if (closed.get() && onClosed.remove(action)) {
            action.run();
        }
    }

    /** The reader ended: runs what waits for it. */
    void closed() {
        closed.set(true);
        for (Runnable action : onClosed) {
            if (onClosed.remove(action)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOGGER.log(Level.WARNING, "Failed to end a closed connection's session", e);
                }
            }
        }
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public ListenerContext listenerContext() {
        return server.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return server.executor();
    }

    @Override
    public DataWriter dataWriter() {
        return server.dataWriter();
    }

    @Override
    public Router router() {
        return server.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return server.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return server.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return server.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return server.localPeer();
    }

    @Override
    public boolean isSecure() {
        return server.isSecure();
    }

    @Override
    public String socketId() {
        return server.socketId();
    }

    @Override
    public String childSocketId() {
        return server.childSocketId();
    }
}
