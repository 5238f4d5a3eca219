package io.ttsgateway.provider.link;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * One request started on a {@link LinkPool}. When its reused link dies before the provider answered it,
 * all sent for it goes once more on a new link, its {@link Route} not told; an answered one never does.
 */
public final class Call {

    /** STARTING: a loss waits until the first sends are done; MOVING: being sent again. */
    private enum Phase { STARTING, RUNNING, MOVING, CLOSED }

    /** A link with the request registered on it, and whether the link served before. */
    record Lease(Link link, boolean reused) {
    }

    /** Finds ({@code fresh == false}) or opens a link and registers a route on it. */
    interface Leaser {
        Lease lease(Route route, int chars, boolean fresh) throws ProviderException, InterruptedException;
    }

    private final Route route;
    private final LinkCodec codec;
    private final Leaser leaser;
    private final Route tracked = new Tracked();
    /** Orders sends, a resend's included; guards what was sent, its length and its addressing. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final List<String> sent = new ArrayList<>();
    private UnaryOperator<String> address = UnaryOperator.identity();
    private int chars;
    /** Guarded by the monitor; startLoss: a loss while starting, told once the first sends are done. */
    private Phase phase = Phase.STARTING;
    private Lease lease;
    private boolean resent;
    private Runnable startLoss;

    Call(Route route, LinkCodec codec, Leaser leaser) {
        this.route = route;
        this.codec = codec;
        this.leaser = leaser;
    }

    /** Leases a link and sends the first messages: the pool's {@code start}. */
    void begin(List<String> messages, int length) throws ProviderException, InterruptedException {
        sendLock.lock();
        try {
            sent.addAll(messages);
            chars = length;
            sendOn(false);
        } catch (ProviderException e) {
            close(true);
            throw e;
        } finally {
            sendLock.unlock();
        }
        Runnable loss;
        synchronized (this) {
            loss = startLoss;
            phase = phase != Phase.STARTING ? phase : loss == null ? Phase.RUNNING : Phase.CLOSED;
        }
        if (loss != null) {
            loss.run();
        }
    }

    /** Under the send lock: registers on a link (a new one when resending) and sends everything so far. */
    private void sendOn(boolean fresh) throws ProviderException, InterruptedException {
        Lease next = leaser.lease(tracked, chars, fresh);
        synchronized (this) {
            if (fresh && phase != Phase.MOVING) { // closed meanwhile
                next.link().release(route.id(), true);
                return;
            }
            lease = next;
            phase = fresh ? Phase.RUNNING : phase;
            if (startLoss != null && moved(false)) { // its link ended before the lease came back: nothing sent
                startLoss = null;
            }
        }
        sendAll(next.link(), sent, 0);
        if (next.reused()) {
            next.link().probe();
        }
    }

    /** Sends a further message (continuation, flush) with {@code length} characters of text; in order. */
    public void send(String message, int length) throws ProviderException {
        sendLock.lock();
        try {
            message = address.apply(message);
            sent.add(message);
            chars += length;
            Link link = sendingLink();
            if (link != null) { // while moving, the resend waiting for the send lock sends it
                sendAll(link, List.of(message), length);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends messages as one more send ({@link LinkLimits#maxSends()}) if the link's window has room; false if not. */
    public boolean trySend(List<String> messages, int length) throws ProviderException {
        sendLock.lock();
        try {
            Link link = sendingLink();
            if (link == null || !link.tryCount(length)) {
                return false;
            }
            sent.addAll(messages);
            chars += length;
            sendAll(link, messages, 0);
            return true;
        } finally {
            sendLock.unlock();
        }
    }

    /** The link sends go on, or null while the call moves; throws once it has ended. */
    private synchronized Link sendingLink() throws ProviderException {
        if (phase == Phase.CLOSED) {
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "request already ended");
        }
        return phase == Phase.MOVING ? null : lease.link();
    }

    /** Pings the request's link, for {@code AudioInbox.probeWith}; a failed ping ends the link. */
    public void ping() {
        link().ping();
    }

    /** The request timed out: its link, possibly dead unnoticed, takes no new request. */
    public void retire() {
        link().retire();
    }

    /** The current link, read under the monitor and used outside it: a send may block. */
    private synchronized Link link() {
        return lease.link();
    }

    /** The reader closed the request; unless {@code finished} it is cancelled (off this thread), its frames dropped. */
    public void close(boolean finished) {
        Link link = end();
        if (link != null) {
            link.release(route.id(), finished);
        }
    }

    /** Ends the call: its link, or null when it had ended already. */
    private synchronized Link end() {
        Link link = phase == Phase.CLOSED || lease == null ? null : lease.link();
        phase = Phase.CLOSED;
        return link;
    }

    /** A failed send is reported unless the link's end, told before the send fails, moved the request. */
    private void sendAll(Link link, List<String> messages, int length) throws ProviderException {
        try {
            for (String message : messages) {
                link.send(message, length);
            }
        } catch (ProviderException e) {
            synchronized (this) {
                if (phase != Phase.MOVING) { // moving, the resend sends it all again
                    throw e;
                }
            }
        }
    }

    /** Under the monitor: an unanswered request on a reused link that ended goes once more on a new one. */
    private boolean moved(boolean answered) {
        if (lease == null || !lease.reused() || answered || resent) {
            return false;
        }
        resent = true;
        phase = Phase.MOVING;
        Thread.ofVirtual().name("link-resend").start(this::resend);
        return true;
    }

    /** Sends everything sent so far on a new link; on a thread of its own. */
    private void resend() {
        sendLock.lock();
        try {
            renew();
            sendOn(true);
        } catch (ProviderException | InterruptedException e) {
            Link link = end();
            if (link != null) {
                link.release(route.id(), true);
                route.lost(e instanceof ProviderException p ? p : new ProviderException(
                        ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS, "interrupted", e), false);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Gives the route its id for the new link ({@link Route#renew()}) and readdresses what was sent. */
    private void renew() {
        String from = route.id();
        String to = route.renew();
        if (!to.equals(from)) {
            address = message -> codec.readdress(message, from, to);
            sent.replaceAll(address);
        }
    }

    /** What links see of the call: frames pass through, a loss may turn into a resend. */
    private final class Tracked implements Route {
        @Override
        public String id() {
            return route.id();
        }

        @Override
        public void accept(Frame frame) {
            route.accept(frame);
        }

        @Override
        public void lost(ProviderException error, boolean answered) {
            synchronized (Call.this) {
                if (phase == Phase.CLOSED || phase == Phase.MOVING || moved(answered)) {
                    return;
                } else if (phase == Phase.STARTING) {
                    startLoss = () -> route.lost(error, answered);
                    return;
                }
                phase = Phase.CLOSED;
            }
            route.lost(error, answered);
        }
    }
}
