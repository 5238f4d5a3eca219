package io.ttsgateway.provider.http1;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

/**
 * A provider's HTTP/1.1 connections: {@link #connection} hands out the most recently used idle one or
 * connects a new one on the caller's thread; {@link #release} keeps one whose response was read whole.
 * No thread of its own: idle connections past {@link #MAX_IDLE} are closed when the pool is next used,
 * and all of them by {@link #close()}.
 */
public final class Http1Client implements AutoCloseable {

    /** Idle connections kept per destination; more are closed. */
    static final int MAX_IDLE_PER_DESTINATION = 256;
    /** Longest a connection stays idle: shorter than servers' and proxies' usual idle timeouts. */
    static final Duration MAX_IDLE = Duration.ofSeconds(20);

    private final Duration connectTimeout;
    private final SSLSocketFactory tls;
    private final long maxIdleNanos;
    /** Guarded by itself. */
    private final Map<Destination, ArrayDeque<Http1Connection>> idle = new HashMap<>();
    private boolean closed;

    /**
     * A client.
     *
     * @param connectTimeout the longest a connect (with its TLS handshake) may take
     * @param tls            the sockets for https destinations
     */
    public Http1Client(Duration connectTimeout, SSLSocketFactory tls) {
        this(connectTimeout, tls, MAX_IDLE);
    }

    Http1Client(Duration connectTimeout, SSLSocketFactory tls, Duration maxIdle) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /**
     * An idle connection to {@code destination}, else a new one; {@code opening} is given it before it
     * is used (a new one before it connects), so a concurrent stop can close it.
     *
     * @throws IOException when connecting failed, or the client is closed
     */
    public Http1Connection connection(Destination destination, Opening opening) throws IOException {
        Http1Connection pooled = idle(destination);
        if (pooled != null) {
            opening.opening(pooled);
            return pooled;
        }
        return fresh(destination, opening);
    }

    /** A new connection, never a pooled one: for a request whose pooled connection had died. */
    public Http1Connection fresh(Destination destination, Opening opening) throws IOException {
        Http1Connection created = new Http1Connection(destination);
        opening.opening(created);
        try {
            created.connect(connectTimeout, tls);
            return created;
        } catch (IOException | RuntimeException e) {
            created.close();
            throw e;
        }
    }

    /** Keeps {@code connection} for the next request if its response was read whole; otherwise closes it. */
    public void release(Http1Connection connection) {
        if (!connection.reusable()) {
            connection.close();
            return;
        }
        long now = System.nanoTime();
        connection.idle(now);
        List<Http1Connection> closing = new ArrayList<>();
        synchronized (idle) {
            ArrayDeque<Http1Connection> waiting = idle.computeIfAbsent(connection.destination(),
                                                                       d -> new ArrayDeque<>());
            expire(waiting, now, closing);
            if (!closed && waiting.size() < MAX_IDLE_PER_DESTINATION) {
                waiting.push(connection);
            } else {
                closing.add(connection);
            }
        }
        closing.forEach(Http1Connection::close);
    }

    /** Closes every idle connection and every one released later. Idempotent. */
    @Override
    public void close() {
        List<Http1Connection> all = new ArrayList<>();
        synchronized (idle) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(Http1Connection::close);
    }

    /** The most recently used idle connection, after closing those idle too long; null if none. */
    private Http1Connection idle(Destination destination) throws IOException {
        List<Http1Connection> expired = new ArrayList<>();
        Http1Connection found = null;
        long now = System.nanoTime();
        synchronized (idle) {
            if (closed) {
                throw new IOException("the client is closed");
            }
            ArrayDeque<Http1Connection> waiting = idle.get(destination);
            if (waiting != null) {
                expire(waiting, now, expired);
                found = waiting.poll();
            }
        }
        expired.forEach(Http1Connection::close);
        return found;
    }

    /** Moves the connections idle too long out of {@code waiting} (oldest at its tail) into {@code into}. */
    private void expire(ArrayDeque<Http1Connection> waiting, long now, List<Http1Connection> into) {
        for (Iterator<Http1Connection> it = waiting.descendingIterator(); it.hasNext(); ) {
            Http1Connection next = it.next();
            if (now - next.idleSince() < maxIdleNanos) {
                return;
            }
            it.remove();
            into.add(next);
        }
    }

    /** Told of a connection about to be used (or to connect), so the call that owns it can close it meanwhile. */
    @FunctionalInterface
    public interface Opening {
        void opening(Http1Connection connection);
    }
}
