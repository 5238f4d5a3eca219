package io.ttsgateway.provider.link;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.ttsgateway.fakes.FakeServer;

/**
 * A WebSocket server whose every move is the test's: each connection is a {@link Peer} the test
 * takes from {@link #nextPeer()}, reads from, answers, drops or closes. Scripted failures: refuse the
 * next upgrade with a status, send nothing (not even pongs), drop, close with a code.
 */
final class LinkServer implements AutoCloseable {

    private static final long WAIT_SECONDS = 5;

    private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
    private final AtomicInteger refuseNext = new AtomicInteger();
    private final AtomicBoolean readyOnOpen = new AtomicBoolean();
    private final AtomicInteger opened = new AtomicInteger();
    private final FakeServer server;

    LinkServer() {
        server = FakeServer.start(b -> b.addRouting(WsRouting.builder().endpoint("/link", Peer::new)));
    }

    LinkTarget target() {
        return new LinkTarget(URI.create("ws://127.0.0.1:" + server.port() + "/link"), Map.of("X-Key", "k"));
    }

    /** The next upgrade is refused with this status. */
    void refuseNext(int status) {
        refuseNext.set(status);
    }

    /** New connections send {@code ready} at once. */
    void readyOnOpen() {
        readyOnOpen.set(true);
    }

    /** Connections accepted so far. */
    int opened() {
        return opened.get();
    }

    /** The next connection, in order of opening. */
    Peer nextPeer() throws InterruptedException {
        Peer peer = peers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (peer == null) {
            throw new AssertionError("no connection came");
        }
        return peer;
    }

    /** The next connection within {@code millis}, or null. */
    Peer pollPeer(long millis) throws InterruptedException {
        return peers.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.close();
    }

    /** The server's side of one connection. */
    final class Peer implements WsListener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final AtomicInteger pings = new AtomicInteger();
        private final CountDownLatch pinged = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final AtomicBoolean silent = new AtomicBoolean();
        private final ReentrantLock sendLock = new ReentrantLock();
        private volatile WsSession session;

        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
            int status = refuseNext.getAndSet(0);
            if (status != 0) {
                throw RequestException.builder().type(DirectHandler.EventType.OTHER)
                        .status(Status.create(status)).message("refused").build();
            }
            return Optional.empty();
        }

        @Override
        public void onOpen(WsSession session) {
            this.session = session;
            opened.incrementAndGet();
            if (readyOnOpen.get()) {
                send("ready");
            }
            peers.add(this);
        }

        @Override
        public void onMessage(WsSession session, String text, boolean last) {
            received.add(text);
        }

        @Override
        public void onPing(WsSession session, BufferData buffer) {
            pings.incrementAndGet();
            pinged.countDown();
            if (!silent.get()) {
                sendLock.lock();
                try {
                    session.pong(buffer);
                } finally {
                    sendLock.unlock();
                }
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            closed.countDown();
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            closed.countDown();
        }

        /** The next message the client sent. */
        String next() throws InterruptedException {
            String message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("nothing came");
            }
            return message;
        }

        /** Whether nothing more came within a short wait. */
        String poll(long millis) throws InterruptedException {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        }

        void send(String message) {
            sendLock.lock();
            try {
                session.send(message, true);
            } finally {
                sendLock.unlock();
            }
        }

        /** Stops answering pings: a peer that vanished. */
        void hang() {
            silent.set(true);
        }

        /** Cuts the TCP connection without a close frame. */
        void drop() {
            if (session.socketContext() instanceof ConnectionContext context) {
                try {
                    context.serverSocket().close();
                } catch (UncheckedIOException e) {
                    // Helidon shuts output, then input: the client may answer the first by ending the
                    // connection, and Helidon's reader then closes the channel before the second. Cut anyway.
                    if (!(e.getCause() instanceof ClosedChannelException)) {
                        throw e;
                    }
                }
            }
            FakeServer.drop(session);
        }

        void close(int code, String reason) {
            sendLock.lock();
            try {
                session.close(code, reason);
            } finally {
                sendLock.unlock();
            }
        }

        boolean awaitPing() throws InterruptedException {
            return pinged.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        boolean awaitClosed() throws InterruptedException {
            return closed.await(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }
    }
}
