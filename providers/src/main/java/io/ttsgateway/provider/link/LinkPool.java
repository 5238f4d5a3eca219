package io.ttsgateway.provider.link;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

/**
 * The links of one provider, keyed by what fixes a socket ({@code K}: voice, model and format for
 * some providers, a single key for others). A request goes on an open link of its key with room for
 * it; a new link is opened when none has, one at a time per key so that two first requests share it.
 *
 * @param <K> what fixes a socket
 */
public final class LinkPool<K> implements AutoCloseable {

    private final String provider;
    private final HttpClient client;
    private final ProviderTimeouts timeouts;
    private final LinkLimits limits;
    private final LinkCodec codec;
    private final Function<K, LinkTarget> target;
    private final Map<K, Links> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates the pool; nothing is connected until the first request or {@link #warm}.
     *
     * @param provider the provider's name, for messages
     * @param client   the provider's HTTP client
     * @param timeouts the connect timeout
     * @param limits   what one link carries
     * @param codec    the vendor's messages
     * @param target   where a key's links go
     */
    public LinkPool(String provider, HttpClient client, ProviderTimeouts timeouts, LinkLimits limits,
                    LinkCodec codec, Function<K, LinkTarget> target) {
        this.provider = provider;
        this.client = client;
        this.timeouts = timeouts;
        this.limits = limits;
        this.codec = codec;
        this.target = target;
    }

    /**
     * Starts a request: registers its route on a link with room (opening one when none has), then
     * sends its messages in order. When the link was reused and dies (or fails its probe) before the
     * provider answered anything for the request, everything sent for it goes once more on a new
     * link without the route being told; otherwise the route is told through {@link Route#lost}.
     *
     * @param key      what fixes the socket
     * @param route    where the request's frames go
     * @param messages the request's first messages
     * @param chars    characters of text in them, counted against {@link LinkLimits#maxChars()}
     * @return the call, for continuations and the close
     * @throws ProviderException    when no link could be had, or the send failed on a new link
     * @throws InterruptedException when interrupted while connecting
     */
    public Call start(K key, Route route, List<String> messages, int chars)
            throws ProviderException, InterruptedException {
        Call call = new Call(route, (r, c, fresh) -> lease(key, r, c, fresh));
        call.begin(messages, chars);
        return call;
    }

    /**
     * Opens a link for a key ahead of use, unless one is open.
     *
     * @param key what fixes the socket
     * @throws ProviderException    when the provider refused or could not be reached
     * @throws InterruptedException when interrupted while connecting
     */
    public void warm(K key) throws ProviderException, InterruptedException {
        Links group = group(key);
        lockOpening(group);
        try {
            if (group.all.stream().noneMatch(l -> l.state().takesRequests())) {
                open(key, group);
            }
        } finally {
            group.opening.unlock();
        }
    }

    /**
     * Links not yet ended.
     *
     * @return how many
     */
    public int size() {
        return links.values().stream().mapToInt(g -> (int) g.all.stream()
                .filter(l -> l.state() != LinkState.CLOSED).count()).sum();
    }

    /**
     * Closes every link; requests in flight are lost with {@code UNAVAILABLE}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (Links group : links.values()) {
            for (Link link : group.all) {
                link.close();
            }
        }
    }

    private Call.Lease lease(K key, Route route, int chars, boolean fresh)
            throws ProviderException, InterruptedException {
        Links group = group(key);
        if (!fresh) {
            Link open = withRoom(group, route, chars);
            if (open == null && awaitCancels(group)) {
                open = withRoom(group, route, chars);
            }
            if (open != null) {
                return new Call.Lease(open, true);
            }
            lockOpening(group);
        }
        try {
            Link open = fresh ? null : withRoom(group, route, chars);
            if (open != null) {
                return new Call.Lease(open, true);
            }
            Link link = open(key, group);
            if (!link.tryAdd(route, chars, false)) {
                throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider
                        + " request does not fit on a new connection");
            }
            return new Call.Lease(link, false);
        } finally {
            if (!fresh) {
                group.opening.unlock();
            }
        }
    }

    /** A sequential link serves one request at a time: the newest, least likely dropped as idle, goes first. */
    private Link withRoom(Links group, Route route, int chars) throws ProviderException {
        requireOpen();
        for (Link link : limits.sequential() ? group.all.reversed() : group.all) {
            if (link.tryAdd(route, chars, true)) {
                return link;
            }
        }
        return null;
    }

    /**
     * A sequential link whose request was cancelled is free at the provider's confirmation, which comes
     * sooner than a new handshake: waits up to {@link LinkLimits#cancelWait()} for open ones.
     *
     * @return whether there was any to wait for
     */
    private boolean awaitCancels(Links group) throws InterruptedException {
        if (!limits.sequential()) {
            return false;
        }
        long deadline = System.nanoTime() + limits.cancelWait().toNanos();
        boolean waited = false;
        for (Link link : group.all) {
            waited |= link.awaitCancels(deadline);
        }
        return waited;
    }

    private Link open(K key, Links group) throws ProviderException, InterruptedException {
        requireOpen();
        Link link = Link.open(provider, client, target.apply(key), timeouts, limits, codec, group.all::remove);
        group.all.add(link);
        // It may have ended before it was added (then onEnd found nothing), or the pool closed meanwhile.
        if (link.state() == LinkState.CLOSED || closed) {
            group.all.remove(link);
            link.abort();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " connection closed");
        }
        return link;
    }

    private void lockOpening(Links group) throws ProviderException, InterruptedException {
        // Bounded: whoever holds it is itself bounded by the connect timeout.
        long wait = timeouts.connect().toMillis() + 1000;
        if (!group.opening.tryLock(wait, TimeUnit.MILLISECONDS)) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " connection not ready in "
                    + wait + " ms");
        }
    }

    private Links group(K key) {
        return links.computeIfAbsent(key, k -> new Links());
    }

    private void requireOpen() throws ProviderException {
        if (closed) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " connection closed");
        }
    }

    /** The links of one key, and the lock that lets one of them open at a time. */
    private static final class Links {
        private final List<Link> all = new CopyOnWriteArrayList<>();
        private final ReentrantLock opening = new ReentrantLock();
    }
}
