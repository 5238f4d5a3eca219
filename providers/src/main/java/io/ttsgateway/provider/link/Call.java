package io.ttsgateway.provider.link;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * One request started on a {@link LinkPool}. When the reused link it went out on dies before the
 * provider answered anything for it, everything sent for it goes once more on a new link without its
 * {@link Route} being told (it keeps its clocks and inbox). A request that heard anything is never
 * sent twice, so no audio plays twice.
 */
public final class Call {

    /** Where a call is; guarded by the call's monitor. */
    private enum Phase {
        STARTING, // first messages going out: a loss is reported once they have
        RUNNING,
        MOVING, // its link died unanswered: being sent again
        CLOSED // closed by its reader, or lost
    }

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
    /** Orders sends, a resend's included; guards {@link #sent}. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final List<String> sent = new ArrayList<>();
    /** Rewrites a message built under the route's old id once a resend renewed it. */
    private UnaryOperator<String> address = UnaryOperator.identity();
    private int chars;
    private Phase phase = Phase.STARTING;
    private Lease lease;
    private boolean resent;
    /** A loss while starting, reported once the first sends are done. */
    private ProviderException startLoss;
    private boolean startLossAnswered;

    Call(Route route, LinkCodec codec, Leaser leaser) {
        this.route = route;
        this.codec = codec;
        this.leaser = leaser;
    }

    /** Leases a link and sends the first messages: the pool's {@code start}. */
    void begin(List<String> messages, int length) throws ProviderException, InterruptedException {
        Lease first;
        sendLock.lock();
        try {
            first = leaser.lease(tracked, length, false);
            synchronized (this) {
                lease = first;
                sent.addAll(messages);
                chars = length;
            }
            sendAll(first.link(), messages, 0);
        } catch (ProviderException e) {
            close(true);
            throw e;
        } finally {
            sendLock.unlock();
        }
        if (first.reused()) {
            first.link().probe();
        }
        ProviderException loss;
        synchronized (this) {
            loss = startLoss;
            phase = phase != Phase.STARTING ? phase : loss == null ? Phase.RUNNING : Phase.CLOSED;
        }
        if (loss != null) {
            route.lost(loss, startLossAnswered);
        }
    }

    /**
     * Sends a further message of the request (continuation, flush), its characters counted against the
     * link's budget.
     *
     * @param message the message
     * @param length  characters of text in it
     * @throws ProviderException {@code UNAVAILABLE} when the call has ended or the send failed
     */
    public void send(String message, int length) throws ProviderException {
        sendLock.lock();
        try {
            Link link;
            synchronized (this) {
                if (phase == Phase.CLOSED) {
                    throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "request already ended");
                }
                message = address.apply(message);
                sent.add(message);
                chars += length;
                link = phase == Phase.MOVING ? null : lease.link();
            }
            if (link != null) { // while moving, the resend waiting for the send lock sends it
                sendAll(link, List.of(message), length);
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Pings the request's link, for {@code AudioInbox.probeWith}; a failed ping ends the link. */
    public void ping() {
        link().ping();
    }

    /** The request timed out: its link, possibly dead unnoticed, takes no new request. */
    public void retire() {
        link().retire();
    }

    /**
     * The request's reader closed it; unless {@code finished}, the codec's cancel goes to the provider
     * off the caller's thread. What still arrives for it is dropped.
     *
     * @param finished whether the provider had ended or failed it
     */
    public void close(boolean finished) {
        Link link;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            link = lease == null ? null : lease.link();
        }
        if (link != null) {
            link.release(route.id(), finished);
        }
    }

    private synchronized Link link() {
        return lease.link();
    }

    /** A failed send is reported unless the link's end already moved the request (the resend sends it). */
    private void sendAll(Link link, List<String> messages, int length) throws ProviderException {
        try {
            for (String message : messages) {
                link.send(message, length);
            }
        } catch (ProviderException e) {
            synchronized (this) {
                if (phase != Phase.MOVING) {
                    throw e;
                }
            }
        }
    }

    /** Sends everything sent so far on a new link; on a thread of its own. */
    private void resend() {
        sendLock.lock();
        try {
            renew();
            Lease next = leaser.lease(tracked, chars, true);
            synchronized (this) {
                if (phase != Phase.CLOSED) {
                    lease = next;
                    phase = Phase.RUNNING;
                }
            }
            if (link() != next.link()) { // closed meanwhile
                next.link().release(route.id(), true);
                return;
            }
            sendAll(next.link(), sent, 0);
        } catch (ProviderException e) {
            lost(e);
        } catch (InterruptedException e) {
            lost(new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                       "interrupted while sending a request again", e));
        } finally {
            sendLock.unlock();
        }
    }

    /** Gives the route its id for the new link ({@link Route#renew()}) and readdresses what was sent. */
    private synchronized void renew() {
        String from = route.id();
        String to = route.renew();
        if (!to.equals(from)) {
            address = message -> codec.readdress(message, from, to);
            sent.replaceAll(address);
        }
    }

    private void lost(ProviderException error) {
        Link link;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            link = lease.link();
        }
        link.release(route.id(), true);
        route.lost(error, false);
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
                if (phase == Phase.CLOSED || phase == Phase.MOVING) {
                    return;
                }
                if (lease != null && lease.reused() && !answered && !resent) {
                    resent = true;
                    phase = Phase.MOVING;
                    Thread.ofVirtual().name("link-resend").start(Call.this::resend);
                    return;
                }
                if (phase == Phase.STARTING) {
                    startLoss = error;
                    startLossAnswered = answered;
                    return;
                }
                phase = Phase.CLOSED;
            }
            route.lost(error, answered);
        }
    }
}
