package io.ttsgateway.provider.link;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

/**
 * The links of one provider by what fixes a socket ({@code K}): a request goes on an open link of its key
 * with room, else on a new one, opened one at a time per key so that two first requests share it.
 */
public final class LinkPool<K> implements AutoCloseable {

    private final String provider;
    private final HttpClient client;
    private final ProviderTimeouts timeouts;
    private final LinkLimits limits;
    private final LinkCodec codec;
    private final Function<K, LinkTarget> target;
    private final Map<K, List<Link>> links = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Creates the pool; nothing connects until the first request or {@link #warm}. */
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
     * Starts a request on a link with room and sends its messages ({@code chars} counted against the
     * limits); throws, without telling the route, when no link could be had or a new link failed the send.
     */
    public Call start(K key, Route route, List<String> messages, int chars)
            throws ProviderException, InterruptedException {
        Call call = new Call(route, codec, (r, c, fresh) -> lease(key, r, c, fresh));
        call.begin(messages, chars);
        return call;
    }

    /** Opens a link for a key ahead of use, unless one takes requests. */
    public void warm(K key) throws ProviderException, InterruptedException {
        List<Link> group = links.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        if (group.stream().noneMatch(l -> l.state().takesRequests())) {
            open(key, group);
        }
    }

    /** Links not yet ended. */
    public int size() {
        return (int) links.values().stream().flatMap(List::stream)
                .filter(l -> l.state() != LinkState.CLOSED).count();
    }

    /** Closes every link; requests in flight are lost with {@code UNAVAILABLE}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        links.values().forEach(g -> g.forEach(Link::close));
    }

    /** A link with room, a new one when {@code fresh}; waits at most for the connect of one being opened. */
    private Call.Lease lease(K key, Route route, int chars, boolean fresh)
            throws ProviderException, InterruptedException {
        List<Link> group = links.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        synchronized (group) {
            Link open = fresh ? null : withRoom(group, route, chars);
            if (open == null && !fresh && limits.sequential()) {
                // A sequential link is free at its cancel's confirmation, which comes sooner than a new handshake.
                long deadline = System.nanoTime() + limits.cancelWait().toNanos();
                for (Link link : group) {
                    link.awaitCancels(deadline);
                }
                open = withRoom(group, route, chars);
            }
            Link link = open != null ? open : open(key, group);
            if (open == null && !link.tryAdd(route, chars, false)) {
                throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, provider + " request too large for a link");
            }
            return new Call.Lease(link, open != null);
        }
    }

    /** The newest sequential link first: it is the least likely to have been dropped as idle. */
    private Link withRoom(List<Link> group, Route route, int chars) {
        return (limits.sequential() ? group.reversed() : group).stream().filter(l -> l.tryAdd(route, chars, true))
                .findFirst().orElse(null);
    }

    private Link open(K key, List<Link> group) throws ProviderException, InterruptedException {
        if (closed) {
            throw Link.closedError(provider);
        }
        Link link = Link.open(provider, client, target.apply(key), timeouts, limits, codec, group::remove);
        group.add(link);
        // It may have ended before it was added (then onEnd found nothing), or the pool closed meanwhile.
        if (link.state() == LinkState.CLOSED || closed) {
            group.remove(link);
            link.close();
            throw Link.closedError(provider);
        }
        return link;
    }
}
