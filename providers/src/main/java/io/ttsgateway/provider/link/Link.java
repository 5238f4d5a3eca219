package io.ttsgateway.provider.link;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * One WebSocket to a provider and the requests ({@link Route}s) in flight on it. Its reader decodes
 * each message with the {@link LinkCodec} and hands the frame to the route it names; its watchdog
 * pings it while quiet and frees slots whose cancel the provider never confirmed. Its life is one
 * {@link LinkState}. Routes are called outside the link's lock, sends never happen on the reader.
 */
public final class Link {

    private static final Logger LOGGER = Logger.getLogger(Link.class.getName());
    /** How often a probe looks for a sign of life: a pong arrives without any callback. */
    private static final long PROBE_POLL_NANOS = Duration.ofMillis(20).toNanos();
    private static final long MIN_TICK_NANOS = Duration.ofMillis(5).toNanos();

    private final String provider;
    private final LinkLimits limits;
    private final LinkCodec codec;
    private final Consumer<Link> onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Requests holding a slot, oldest first (a sequential link serves the first). */
    private final Map<String, Slot> routes = new LinkedHashMap<>();
    private final CharBudget budget;
    private final CountDownLatch ended = new CountDownLatch(1);
    private LinkState state = LinkState.CONNECTING;
    private ProviderException readyFailure;
    private volatile ProviderSocket socket;
    private volatile long lastSend = System.nanoTime();
    private volatile long lastPing = System.nanoTime();

    private Link(String provider, LinkLimits limits, LinkCodec codec, Consumer<Link> onEnd) {
        this.provider = provider;
        this.limits = limits;
        this.codec = codec;
        this.onEnd = onEnd;
        this.budget = new CharBudget(limits.maxChars(), limits.maxSends(), limits.window());
    }

    /**
     * Connects and, when the codec asks for it, waits for the provider's {@link Frame.Ready}; the
     * handshake and the wait share the connect timeout.
     *
     * @param provider the provider's name, for messages
     * @param client   the provider's HTTP client
     * @param target   where to connect
     * @param timeouts the connect timeout
     * @param limits   what the link carries
     * @param codec    the vendor's messages
     * @param onEnd    told once when the link has ended
     * @return the open link
     * @throws ProviderException    when refused, unreachable or not ready in time
     * @throws InterruptedException when interrupted while connecting
     */
    static Link open(String provider, HttpClient client, LinkTarget target, ProviderTimeouts timeouts,
                     LinkLimits limits, LinkCodec codec, Consumer<Link> onEnd)
            throws ProviderException, InterruptedException {
        long deadline = System.nanoTime() + timeouts.connect().toNanos();
        Link link = new Link(provider, limits, codec, onEnd);
        link.socket = ProviderSocket.connect(client, provider, target.uri(), target.headers(), timeouts.connect(),
                                             link.new Reader());
        try {
            link.awaitReady(deadline, timeouts.connect());
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            link.socket.abort();
            throw e;
        }
        link.startWatchdog();
        return link;
    }

    /**
     * Where the link is in its life.
     *
     * @return the state
     */
    public LinkState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Requests holding a slot, cancelled ones waiting for their confirmation included.
     *
     * @return how many
     */
    public int routes() {
        lock.lock();
        try {
            return routes.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a route when the link takes requests and has room for it. A link being reused that
     * was idle for {@link LinkLimits#idleReplace()} is retired instead.
     */
    boolean tryAdd(Route route, int chars, boolean reuse) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (!state.takesRequests() || !socket.isOpen() || routes.size() >= limits.maxRoutes()
                    || !budget.fits(now, chars)) {
                return false;
            }
            if (reuse && routes.isEmpty() && isIdle(now)) {
                // The provider may be about to close it as idle; a request sent now could cross that close.
                transition(LinkState.Event.RETIRE);
                closeIfDrained();
                return false;
            }
            routes.put(route.id(), new Slot(route));
            budget.take(now, chars, true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts the characters of a continuation against the budget. */
    void count(int chars) {
        lock.lock();
        try {
            budget.take(System.nanoTime(), chars, false);
        } finally {
            lock.unlock();
        }
    }

    /** Counts a further send and its characters when the budget has room for them; false when not. */
    boolean tryCount(int chars) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (!budget.fits(now, chars)) {
                return false;
            }
            budget.take(now, chars, true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, until the deadline, while the link is open and a cancelled request holds a slot on it.
     *
     * @return whether one did
     */
    boolean awaitCancels(long deadline) throws InterruptedException {
        lock.lock();
        try {
            boolean held = false;
            while (state.takesRequests() && routes.values().stream().anyMatch(s -> s.cancelledAt != 0)) {
                held = true;
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(remaining);
            }
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** Sends one message; serialized with other senders, bounded by the socket's send timeout. */
    void send(String message) throws ProviderException {
        lastSend = System.nanoTime();
        socket.send(message);
    }

    /** Pings the socket; a failed ping ends it. */
    void ping() {
        lastPing = System.nanoTime();
        socket.ping();
    }

    /**
     * Pings a reused link and cuts it when nothing at all arrives within {@link LinkLimits#probe()}: a
     * socket whose peer is gone can look open for ever. Its requests then end as lost, unanswered,
     * so they are sent again elsewhere. Runs on a thread of its own.
     */
    void probe() {
        if (limits.probe() == null || limits.probe().isZero()) {
            return;
        }
        Thread.ofVirtual().name(provider + "-probe").start(() -> {
            long sentAt = System.nanoTime();
            ping();
            long deadline = sentAt + limits.probe().toNanos();
            lock.lock();
            try {
                while (state != LinkState.CLOSED && socket.quietNanos() >= System.nanoTime() - sentAt) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        LOGGER.fine(() -> provider + " link answered neither ping nor request; cut");
                        socket.abort();
                        return;
                    }
                    changed.awaitNanos(Math.min(remaining, PROBE_POLL_NANOS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * The reader of a request closed it: forgets it, and when it had not ended, sends the codec's
     * cancel on a thread of its own. A codec that {@link LinkCodec#cancelHoldsSlot() holds the slot}
     * keeps it until the provider's final frame or {@link LinkLimits#cancelWait()}.
     */
    void release(String id, boolean finished) {
        boolean cancel;
        lock.lock();
        try {
            Slot slot = routes.get(id);
            if (slot == null || slot.cancelledAt != 0) {
                return;
            }
            if (finished || !codec.cancelHoldsSlot()) {
                routes.remove(id);
            } else {
                slot.cancelledAt = System.nanoTime();
            }
            cancel = !finished && state != LinkState.CLOSED;
            closeIfDrained();
        } finally {
            lock.unlock();
        }
        if (cancel) {
            sendLater(codec.cancel(id));
        }
    }

    /** Takes no new request; closes once the last one ended. */
    void retire() {
        lock.lock();
        try {
            transition(LinkState.Event.RETIRE);
            closeIfDrained();
        } finally {
            lock.unlock();
        }
    }

    /** Closes with a close frame; requests in flight are lost with {@code UNAVAILABLE}. Any thread. */
    void close() {
        boolean open;
        lock.lock();
        try {
            open = state == LinkState.OPEN || state == LinkState.RETIRED;
            transition(LinkState.Event.CLOSE);
        } finally {
            lock.unlock();
        }
        ProviderSocket current = socket;
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

    /** Cuts the socket without a close handshake; requests in flight are lost as on {@link #close}. */
    void abort() {
        lock.lock();
        try {
            transition(LinkState.Event.CLOSE);
        } finally {
            lock.unlock();
        }
        ProviderSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    private void awaitReady(long deadline, Duration timeout) throws ProviderException, InterruptedException {
        lock.lock();
        try {
            if (!codec.awaitsReady()) {
                transition(LinkState.Event.READY);
            }
            while (state == LinkState.CONNECTING && readyFailure == null) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " did not get ready in "
                            + timeout.toMillis() + " ms");
                }
                changed.awaitNanos(remaining);
            }
            if (state != LinkState.OPEN) {
                throw readyFailure != null ? readyFailure : closedError();
            }
        } finally {
            lock.unlock();
        }
    }

    private void startWatchdog() {
        long keepAlive = nanos(limits.keepAlive());
        long cancelWait = codec.cancelHoldsSlot() ? nanos(limits.cancelWait()) : 0;
        long tick = Math.max(MIN_TICK_NANOS, Math.min(keepAlive > 0 ? keepAlive / 2 : Long.MAX_VALUE,
                                                      cancelWait > 0 ? cancelWait / 2 : Long.MAX_VALUE));
        if (keepAlive == 0 && cancelWait == 0) {
            return;
        }
        Thread.ofVirtual().name(provider + "-link-watchdog").start(() -> {
            try {
                while (!ended.await(tick, TimeUnit.NANOSECONDS)) {
                    long now = System.nanoTime();
                    if (keepAlive > 0 && socket.quietNanos() >= keepAlive && now - lastPing >= keepAlive) {
                        ping();
                    }
                    if (cancelWait > 0) {
                        expireCancelled(now, cancelWait);
                    }
                }
            } catch (InterruptedException e) {
                socket.abort();
            }
        });
    }

    /** Frees slots whose cancel was never confirmed, and retires the link: the provider lost count. */
    private void expireCancelled(long now, long cancelWait) {
        lock.lock();
        try {
            boolean expired = routes.values().removeIf(s -> s.cancelledAt != 0 && now - s.cancelledAt >= cancelWait);
            if (expired) {
                LOGGER.fine(() -> provider + " never confirmed a cancel; link retired");
                transition(LinkState.Event.RETIRE);
                closeIfDrained();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isIdle(long now) {
        long idle = nanos(limits.idleReplace());
        return idle > 0 && Math.min(now - lastSend, socket.quietNanos()) > idle;
    }

    /** Under the lock. Closing never runs on the caller's thread: that may be the reader. */
    private void closeIfDrained() {
        if (state == LinkState.RETIRED && routes.isEmpty()) {
            Thread.ofVirtual().name(provider + "-link-close").start(this::close);
        }
    }

    private void transition(LinkState.Event event) {
        LinkState next = state.next(event);
        if (next != state) {
            state = next;
            changed.signalAll();
        }
    }

    private void sendLater(List<String> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name(provider + "-cancel").start(() -> {
            try {
                for (String message : messages) {
                    send(message);
                }
            } catch (ProviderException e) {
                LOGGER.log(Level.FINE, provider + " cancel not sent; the link is gone", e);
            }
        });
    }

    private ProviderException closedError() {
        return new ProviderException(ProviderErrorKind.UNAVAILABLE, provider + " connection closed");
    }

    private static long nanos(Duration duration) {
        return duration == null || duration.isNegative() ? 0 : duration.toNanos();
    }

    /** Routes a decoded frame; on the reader. */
    private void dispatch(Frame frame) {
        List<Route> targets = new ArrayList<>(1);
        Frame delivered = frame;
        lock.lock();
        try {
            changed.signalAll();
            switch (frame) {
                case Frame.Ignored ignored -> {
                    return;
                }
                case Frame.Ready ready -> {
                    transition(LinkState.Event.READY);
                    return;
                }
                case Frame.Failed(String id, ProviderException error) when id == null && (!limits.sequential() || routes.isEmpty()) -> {
                    linkFailed(error, targets);
                    delivered = null;
                }
                default -> route(frame, targets);
            }
        } finally {
            lock.unlock();
        }
        for (Route route : targets) {
            route.accept(delivered != null ? delivered
                    : new Frame.Failed(route.id(), ((Frame.Failed) frame).error()));
        }
    }

    /** Under the lock: a failure naming no request fails them all; a refused key retires the link. */
    private void linkFailed(ProviderException error, List<Route> targets) {
        if (state == LinkState.CONNECTING) {
            readyFailure = error;
        }
        if (error.kind() == ProviderErrorKind.AUTH_FAILED || state == LinkState.CONNECTING) {
            transition(LinkState.Event.RETIRE);
        }
        for (Iterator<Slot> it = routes.values().iterator(); it.hasNext();) {
            Slot slot = it.next();
            it.remove();
            if (slot.cancelledAt == 0) {
                targets.add(slot.route);
            }
        }
        closeIfDrained();
    }

    /** Under the lock: finds the frame's route; frames of cancelled or unknown requests are dropped. */
    private void route(Frame frame, List<Route> targets) {
        Slot slot = frame.route() != null ? routes.get(frame.route())
                : limits.sequential() && !routes.isEmpty() ? routes.values().iterator().next() : null;
        if (slot == null) {
            return;
        }
        slot.answered = true;
        boolean last = frame instanceof Frame.Done || frame instanceof Frame.Failed;
        if (last) {
            routes.remove(slot.route.id());
            closeIfDrained();
        }
        if (slot.cancelledAt == 0) {
            targets.add(slot.route);
        }
    }

    /** The socket ended: every request still in flight is lost. */
    private void ended(int code, String reason) {
        List<Slot> lost;
        boolean byGateway;
        lock.lock();
        try {
            byGateway = state == LinkState.CLOSING;
            transition(LinkState.Event.ENDED);
            lost = new ArrayList<>(routes.values());
            routes.clear();
        } finally {
            lock.unlock();
        }
        ended.countDown();
        ProviderException error = byGateway ? closedError() : codec.closed(code, reason);
        // A close that is the provider's answer (a refused request) must not make the request go again.
        boolean answer = !byGateway && !codec.resendable(code, reason);
        LOGGER.fine(() -> provider + " link ended (" + code + ")" + (byGateway ? " by the gateway" : ""));
        for (Slot slot : lost) {
            if (slot.cancelledAt == 0) {
                slot.route.lost(error, slot.answered || answer);
            }
        }
        onEnd.accept(this);
    }

    /** A request on the link. Fields guarded by the link's lock. */
    private static final class Slot {
        private final Route route;
        /** The provider sent anything for it: it was accepted. */
        private boolean answered;
        /** When it was cancelled, or 0. */
        private long cancelledAt;

        Slot(Route route) {
            this.route = route;
        }
    }

    /** The socket's handler, so the link does not expose it. */
    private final class Reader implements ProviderSocket.Handler {
        @Override
        public void onText(String message) {
            dispatch(codec.decode(message));
        }

        @Override
        public void onBinary(byte[] data) {
            dispatch(codec.decode(data));
        }

        @Override
        public void onClosed(int code, String reason) {
            ended(code, reason);
        }
    }
}
