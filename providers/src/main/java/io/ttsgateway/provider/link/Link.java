package io.ttsgateway.provider.link;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * One WebSocket to a provider and the {@link Route}s holding a slot on it. Its reader decodes each
 * message with the {@link LinkCodec} and hands the frame to its route outside the monitor; sends never
 * run on the reader. A watchdog pings it while quiet and frees slots whose cancel was never confirmed.
 */
public final class Link implements ProviderSocket.Handler {

    private static final Logger LOGGER = Logger.getLogger(Link.class.getName());
    /** How often a probe looks for a sign of life: a pong arrives without any callback. */
    private static final long POLL_NANOS = Duration.ofMillis(20).toNanos();

    private final String provider;
    private final LinkLimits limits;
    private final LinkCodec codec;
    private final Consumer<Link> onEnd;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Requests holding a slot, oldest first (a sequential link serves the first); guarded by this. */
    private final Map<String, Slot> routes = new LinkedHashMap<>();
    /** What went out inside the window, when limits count it; guarded by this. */
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private LinkState state = LinkState.CONNECTING;
    private ProviderException readyFailure;
    private volatile ProviderSocket socket;
    private volatile long lastSend = System.nanoTime();
    private volatile long lastPing = System.nanoTime();

    /** A request on the link: whether the provider answered it, when it was cancelled (or 0). */
    private record Slot(Route route, boolean answered, long cancelledAt) {
    }

    /** A send counted against the window: when, its characters, and 1 for a send {@code maxSends} counts. */
    private record Sent(long at, int chars, int sends) {
    }

    private Link(String provider, LinkLimits limits, LinkCodec codec, Consumer<Link> onEnd) {
        this.provider = provider;
        this.limits = limits;
        this.codec = codec;
        this.onEnd = onEnd;
    }

    /** Connects and, when the codec asks for it, waits for {@link Frame.Ready} within the connect timeout. */
    static Link open(String provider, HttpClient client, LinkTarget target, ProviderTimeouts timeouts,
                     LinkLimits limits, LinkCodec codec, Consumer<Link> onEnd)
            throws ProviderException, InterruptedException {
        long deadline = System.nanoTime() + timeouts.connect().toNanos();
        Link link = new Link(provider, limits, codec, onEnd);
        link.socket = ProviderSocket.connect(client, provider, target.uri(), target.headers(), timeouts.connect(),
                                             link);
        try {
            link.awaitReady(deadline);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            link.socket.abort();
            throw e;
        }
        Thread.ofVirtual().name(provider + "-link-watchdog").start(link::watch);
        return link;
    }

    /** Where the link is in its life. */
    public synchronized LinkState state() {
        return state;
    }

    /** Registers a route when there is room; a reused link idle for {@code idleReplace} is retired instead. */
    synchronized boolean tryAdd(Route route, int chars, boolean reuse) {
        long now = System.nanoTime();
        if (!state.takesRequests() || !socket.isOpen() || routes.size() >= limits.maxRoutes() || !fits(chars)) {
            return false;
        }
        long idle = nanos(limits.idleReplace());
        if (reuse && routes.isEmpty() && idle > 0 && Math.min(now - lastSend, socket.quietNanos()) > idle) {
            on(LinkState.Event.RETIRE); // the provider may be closing it as idle: a request could cross that close
            return false;
        }
        routes.put(route.id(), new Slot(route, false, 0));
        count(chars, 1);
        return true;
    }

    /** Counts a further send of {@code chars} when the window has room for it; false when not. */
    synchronized boolean tryCount(int chars) {
        boolean fits = fits(chars);
        count(fits ? chars : 0, fits ? 1 : 0);
        return fits;
    }

    /** Whether one more send of {@code chars} fits in the window now; holds the monitor. */
    private boolean fits(int chars) {
        long now = System.nanoTime();
        sent.removeIf(s -> now - s.at() >= limits.window().toNanos());
        return (limits.maxChars() <= 0 || sent.stream().mapToInt(Sent::chars).sum() + chars <= limits.maxChars())
                && (limits.maxSends() <= 0 || sent.stream().mapToInt(Sent::sends).sum() < limits.maxSends());
    }

    /** Waits, until the deadline, while the link takes requests and a cancelled request holds a slot. */
    synchronized void awaitCancels(long deadline) throws InterruptedException {
        await(() -> !state.takesRequests() || routes.values().stream().allMatch(s -> s.cancelledAt() == 0),
              deadline, Long.MAX_VALUE);
    }

    /** Holds the monitor: waits (polling every {@code poll} ns) until {@code done}; false at the deadline. */
    private boolean await(BooleanSupplier done, long deadline, long poll) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, poll));
        }
        return true;
    }

    /** Sends one message, its characters counted; serialized, bounded by the socket's send timeout. */
    void send(String message, int chars) throws ProviderException {
        count(chars, 0);
        lastSend = System.nanoTime();
        socket.send(message);
    }

    /** Counts characters and sends, even past the limit: they belong to a request already running. */
    private synchronized void count(int chars, int sends) {
        if (limits.maxChars() > 0 && chars > 0 || limits.maxSends() > 0 && sends > 0) {
            sent.addLast(new Sent(System.nanoTime(), chars, sends));
        }
    }

    /** Pings; a failed ping ends the socket. */
    void ping() {
        lastPing = System.nanoTime();
        socket.ping();
    }

    /** Pings a reused link and cuts it when nothing arrives within {@code probe}: its peer may be gone. */
    void probe() {
        long limit = nanos(limits.probe());
        if (limit > 0) {
            Thread.ofVirtual().name(provider + "-probe").start(() -> {
                long sentAt = System.nanoTime();
                ping();
                if (!heardSince(sentAt, sentAt + limit)) { // cut outside the monitor: the loss calls routes
                    LOGGER.fine(() -> provider + " link answered neither ping nor request; cut");
                    socket.abort();
                }
            });
        }
    }

    /** Whether anything arrived (or the link ended) after {@code since}; a pong only shows in the quiet time. */
    private synchronized boolean heardSince(long since, long deadline) {
        try {
            return await(() -> state == LinkState.CLOSED || socket.quietNanos() < System.nanoTime() - since, deadline,
                         POLL_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Forgets a closed request; one not finished is cancelled, holding its slot if the codec says so. */
    void release(String id, boolean finished) {
        synchronized (this) {
            Slot slot = routes.get(id);
            if (slot == null || slot.cancelledAt() != 0) {
                return;
            }
            if (finished || !codec.cancelHoldsSlot()) {
                routes.remove(id);
            } else {
                routes.put(id, new Slot(slot.route(), slot.answered(), System.nanoTime()));
            }
            if (finished || state == LinkState.CLOSED) {
                closeIfDrained();
                return;
            }
        }
        Thread.ofVirtual().name(provider + "-cancel").start(() -> {
            try {
                for (String message : codec.cancel(id)) {
                    send(message, 0);
                }
            } catch (ProviderException e) {
                LOGGER.log(Level.FINE, provider + " cancel not sent; the link is gone", e);
            } finally {
                synchronized (this) {
                    closeIfDrained(); // a retired link closes once its last cancel is out, not before
                }
            }
        });
    }

    /** Takes no new request; closes once the last one ended. */
    synchronized void retire() {
        on(LinkState.Event.RETIRE);
    }

    /** Closes; requests in flight are lost as closed by the gateway. Any thread. */
    void close() {
        boolean open;
        synchronized (this) {
            open = state == LinkState.OPEN || state == LinkState.RETIRED;
            on(LinkState.Event.CLOSE);
        }
        ProviderSocket current = socket; // null while connecting
        if (current != null) {
            try {
                for (String message : open ? codec.goodbye() : List.<String>of()) {
                    current.send(message);
                }
            } catch (ProviderException e) {
                LOGGER.log(Level.FINE, provider + " goodbye not sent", e);
            }
            current.close();
        }
    }

    private synchronized void awaitReady(long deadline) throws ProviderException, InterruptedException {
        if (!codec.awaitsReady()) {
            on(LinkState.Event.READY);
        }
        await(() -> state != LinkState.CONNECTING || readyFailure != null, deadline, Long.MAX_VALUE);
        if (state != LinkState.OPEN) {
            throw readyFailure != null ? readyFailure : state == LinkState.CONNECTING
                    ? new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " did not get ready in time")
                    : closedError(provider);
        }
    }

    /** The watchdog: keep-alive pings, expiry of unconfirmed cancels; ends with the link. */
    private void watch() {
        long keepAlive = nanos(limits.keepAlive());
        long cancelWait = codec.cancelHoldsSlot() ? nanos(limits.cancelWait()) : 0;
        long tick = Math.max(POLL_NANOS / 4, Math.min(keepAlive > 0 ? keepAlive / 2 : Long.MAX_VALUE / 2,
                                                      cancelWait > 0 ? cancelWait / 2 : Long.MAX_VALUE / 2));
        try {
            while (!ended.await(tick, TimeUnit.NANOSECONDS)) {
                long now = System.nanoTime();
                if (keepAlive > 0 && socket.quietNanos() >= keepAlive && now - lastPing >= keepAlive) {
                    ping();
                }
                synchronized (this) {
                    if (cancelWait > 0 && routes.values().removeIf(
                            s -> s.cancelledAt() != 0 && now - s.cancelledAt() >= cancelWait)) {
                        LOGGER.fine(() -> provider + " never confirmed a cancel; link retired");
                        on(LinkState.Event.RETIRE); // the provider lost count of its slots
                    }
                }
            }
        } catch (InterruptedException e) {
            socket.abort();
        }
    }

    /** The one place the state changes; holds the monitor. A drained retired link closes, off this thread. */
    private void on(LinkState.Event event) {
        LinkState next = state.next(event);
        if (next != state) {
            state = next;
            notifyAll();
        }
        closeIfDrained();
    }

    /** Holds the monitor. Never closes on the caller's thread: that may be the reader. */
    private void closeIfDrained() {
        if (state == LinkState.RETIRED && routes.isEmpty()) {
            Thread.ofVirtual().name(provider + "-link-close").start(this::close);
        }
    }

    /** The failure of a request on a link the gateway closed. */
    static ProviderException closedError(String provider) {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " connection closed");
    }

    private static long nanos(Duration duration) {
        return duration == null || duration.isNegative() ? 0 : duration.toNanos();
    }

    @Override
    public void onText(String message) {
        dispatch(codec.decode(message));
    }

    @Override
    public void onBinary(byte[] data) {
        dispatch(codec.decode(data));
    }

    /** On the reader: finds the routes a frame is for, then hands it over outside the monitor. */
    private void dispatch(Frame frame) {
        List<Slot> targets = new ArrayList<>(1);
        synchronized (this) {
            notifyAll();
            if (frame instanceof Frame.Ready) {
                on(LinkState.Event.READY);
            } else if (frame instanceof Frame.Failed failed && failed.route() == null
                    && (!limits.sequential() || routes.isEmpty())) {
                // A failure naming no request fails them all; a refused key retires the link.
                readyFailure = state == LinkState.CONNECTING ? failed.error() : null;
                targets.addAll(routes.values());
                routes.clear();
                if (failed.error().kind() == ProviderErrorKind.AUTH_FAILED || readyFailure != null) {
                    on(LinkState.Event.RETIRE);
                }
            } else if (!(frame instanceof Frame.Ignored)) {
                Slot slot = frame.route() != null ? routes.get(frame.route())
                        : limits.sequential() && !routes.isEmpty() ? routes.values().iterator().next() : null;
                if (slot != null && (frame instanceof Frame.Done || frame instanceof Frame.Failed)) {
                    routes.remove(slot.route().id());
                    closeIfDrained();
                } else if (slot != null) {
                    routes.put(slot.route().id(), new Slot(slot.route(), true, slot.cancelledAt()));
                }
                targets.add(slot);
            }
        }
        for (Slot slot : targets) {
            if (slot != null && slot.cancelledAt() == 0) {
                slot.route().accept(frame instanceof Frame.Failed f && f.route() == null
                        ? new Frame.Failed(slot.route().id(), f.error()) : frame);
            }
        }
    }

    /** The socket ended: every request still in flight is lost. */
    @Override
    public void onClosed(int code, String reason) {
        List<Slot> lost;
        boolean byGateway;
        synchronized (this) {
            byGateway = state == LinkState.CLOSING;
            on(LinkState.Event.ENDED);
            lost = new ArrayList<>(routes.values());
            routes.clear();
        }
        ended.countDown();
        ProviderException error = byGateway ? closedError(provider) : codec.closed(code, reason);
        boolean answer = !byGateway && !codec.resendable(code, reason); // the close answers the requests
        LOGGER.fine(() -> provider + " link ended (" + code + ")" + (byGateway ? " by the gateway" : ""));
        lost.stream().filter(s -> s.cancelledAt() == 0).forEach(s -> s.route().lost(error, s.answered() || answer));
        onEnd.accept(this);
    }
}
