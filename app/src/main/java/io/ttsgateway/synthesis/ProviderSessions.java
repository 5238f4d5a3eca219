package io.ttsgateway.synthesis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.TtsProvider;

/**
 * The provider sessions of one client connection: opened on the connection's first request to
 * each provider, so a provider socket is reused by the requests of that connection and never seen
 * by another; all closed with the connection.
 */
public final class ProviderSessions implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(ProviderSessions.class.getName());

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ProviderSession> sessions = new HashMap<>();
    private boolean closed;

    /**
     * The session of a provider for this connection, opened on first use.
     *
     * @param provider the provider
     * @return its session
     * @throws ProviderException when this connection has already closed
     */
    public ProviderSession of(TtsProvider provider) throws ProviderException {
        lock.lock();
        try {
            if (closed) {
                throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "the connection is closing");
            }
            return sessions.computeIfAbsent(provider.name(), name -> provider.openSession());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes every provider session. Requests still streaming fail. Idempotent.
     */
    @Override
    public void close() {
        List<ProviderSession> open;
        lock.lock();
        try {
            closed = true;
            open = new ArrayList<>(sessions.values());
            sessions.clear();
        } finally {
            lock.unlock();
        }
        for (ProviderSession session : open) {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "A provider session failed to close", e);
            }
        }
    }
}
