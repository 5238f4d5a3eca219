package io.ttsgateway.provider.net;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** What a provider has open (sessions' pools, calls), so that closing the provider ends them all. */
public final class OpenResources<T> implements AutoCloseable {

    private final Set<T> open = ConcurrentHashMap.newKeySet();
    private final Consumer<T> closer;
    private volatile boolean closed;

    /** Tracks resources that {@code closer} ends. */
    public OpenResources(Consumer<T> closer) {
        this.closer = closer;
    }

    /** Tracks {@code resource} until {@link #remove}; ends it at once when the provider is closed. */
    public T add(T resource) {
        open.add(resource);
        if (closed) {
            closer.accept(resource);
        }
        return resource;
    }

    /** Forgets a resource that ended. */
    public void remove(T resource) {
        open.remove(resource);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Ends every resource, and each added later. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(open).forEach(closer);
    }
}
