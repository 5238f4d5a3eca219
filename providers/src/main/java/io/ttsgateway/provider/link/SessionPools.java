package io.ttsgateway.provider.link;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The link pools of a provider's open sessions, so that closing the provider ends them all. */
public final class SessionPools<K> implements AutoCloseable {

    private final Set<LinkPool<K>> pools = ConcurrentHashMap.newKeySet();
    private final Supplier<LinkPool<K>> newPool;
    private volatile boolean closed;

    /** Tracks the pools {@code newPool} makes for sessions. */
    public SessionPools(Supplier<LinkPool<K>> newPool) {
        this.newPool = newPool;
    }

    /** A session's new pool, tracked until {@link #release}; already closed when the provider is. */
    public LinkPool<K> open() {
        LinkPool<K> pool = newPool.get();
        pools.add(pool);
        if (closed) {
            pool.close();
        }
        return pool;
    }

    /** Closes a session's pool (its requests in flight fail) and forgets it. */
    public void release(LinkPool<K> pool) {
        pools.remove(pool);
        pool.close();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes every session's pool, and each opened later. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(pools).forEach(LinkPool::close);
    }
}
