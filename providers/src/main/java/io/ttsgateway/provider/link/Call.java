package io.ttsgateway.provider.link;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * One request started on a {@link LinkPool}. When the reused link it went out on dies before the
 * provider answered anything for it, the call sends everything sent so far once more on a new link,
 * without telling its {@link Route}; the route keeps its clocks and its inbox. A request that heard
 * anything is never sent twice, so no audio can be played twice.
 */
public final class Call {

    private static final Logger LOGGER = Logger.getLogger(Call.class.getName());

    /** Where a call is. */
    private enum Phase {
        /** Its first messages are being sent: a loss is reported by {@code start} itself. */
        STARTING,
        /** In flight on its link. */
        RUNNING,
        /** Its link died unanswered; it is being sent again. */
        MOVING,
        /** Closed by its reader, or lost: nothing more goes to the provider. */
        CLOSED
    }

    /** A link with room for a request, the request already registered on it. */
    record Lease(Link link, boolean reused) {
    }

    /** Finds or opens a link and registers a route on it. */
    @FunctionalInterface
    interface Leaser {
        Lease lease(Route route, int chars, boolean fresh) throws ProviderException, InterruptedException;
    }

    private final Route route;
    private final Leaser leaser;
    private final Tracked tracked = new Tracked();
    /** Guards the fields below; held only briefly. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Orders sends, the resend's included; guards {@link #sent}. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final List<String> sent = new ArrayList<>();
    private int chars;
    private Phase phase = Phase.STARTING;
    private Link link;
    private boolean reused;
    private boolean resent;
    /** A loss while starting that {@code start} reports once its sends are done. */
    private ProviderException startLoss;
    private boolean startLossAnswered;

    Call(Route route, Leaser leaser) {
        this.route = route;
        this.leaser = leaser;
    }

    /** Leases a link and sends the first messages; the pool's {@code start}. */
    void begin(List<String> messages, int length) throws ProviderException, InterruptedException {
        Lease lease;
        sendLock.lock();
        try {
            lease = leaser.lease(tracked, length, false);
            lock.lock();
            try {
                link = lease.link();
                reused = lease.reused();
                sent.addAll(messages);
                chars = length;
            } finally {
                lock.unlock();
            }
            try {
                for (String message : messages) {
                    lease.link().send(message);
                }
            } catch (ProviderException e) {
                if (!moving()) {
                    close(true);
                    throw e;
                }
            }
        } finally {
            sendLock.unlock();
        }
        if (lease.reused()) {
            lease.link().probe();
        }
        ProviderException loss;
        boolean answered;
        lock.lock();
        try {
            loss = startLoss;
            answered = startLossAnswered;
            if (phase == Phase.STARTING) {
                phase = loss == null ? Phase.RUNNING : Phase.CLOSED;
            }
        } finally {
            lock.unlock();
        }
        if (loss != null) {
            route.lost(loss, answered);
        }
    }

    /**
     * Sends a further message of the request (a continuation, a flush), counting its characters
     * against the link's budget.
     *
     * @param message the message
     * @param length  characters of text in it
     * @throws ProviderException {@code UNAVAILABLE} when the call is closed or the send failed
     */
    public void send(String message, int length) throws ProviderException {
        sendLock.lock();
        try {
            Link current;
            lock.lock();
            try {
                if (phase == Phase.CLOSED) {
                    throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "request already ended");
                }
                sent.add(message);
                chars += length;
                current = phase == Phase.MOVING ? null : link;
            } finally {
                lock.unlock();
            }
            if (current == null) {
                return; // the resend, waiting for the send lock, sends it
            }
            current.count(length);
            try {
                current.send(message);
            } catch (ProviderException e) {
                if (!moving()) {
                    throw e;
                }
            }
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Sends a further request on the call's link, counted as one send with its characters, when the
     * link's budget has room for it.
     *
     * @param messages the messages, in order
     * @param length   characters of text in them
     * @return false, nothing sent, when the budget has no room or the call is moving: send it elsewhere
     * @throws ProviderException {@code UNAVAILABLE} when the call is closed or the send failed
     */
    public boolean trySend(List<String> messages, int length) throws ProviderException {
        sendLock.lock();
        try {
            Link current;
            lock.lock();
            try {
                if (phase == Phase.CLOSED) {
                    throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "request already ended");
                }
                current = phase == Phase.MOVING ? null : link;
                if (current == null || !current.tryCount(length)) {
                    return false;
                }
                sent.addAll(messages);
                chars += length;
            } finally {
                lock.unlock();
            }
            try {
                for (String message : messages) {
                    current.send(message);
                }
            } catch (ProviderException e) {
                if (!moving()) {
                    throw e;
                }
            }
            return true;
        } finally {
            sendLock.unlock();
        }
    }

    /** Pings the call's link, for {@code AudioInbox.probeWith}; a failed ping ends the link. */
    public void ping() {
        Link current = current();
        if (current != null) {
            current.ping();
        }
    }

    /** The request timed out: its link, possibly dead unnoticed, takes no new request. */
    public void retire() {
        Link current = current();
        if (current != null) {
            current.retire();
        }
    }

    /**
     * The request's reader closed it. When it had not ended ({@code finished == false}) the codec's
     * cancel goes to the provider on a thread of its own; what still arrives for it is dropped.
     *
     * @param finished whether the provider had ended or failed the request
     */
    public void close(boolean finished) {
        Link current;
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            current = link;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.release(route.id(), finished);
        }
    }

    private Link current() {
        lock.lock();
        try {
            return link;
        } finally {
            lock.unlock();
        }
    }

    private boolean moving() {
        lock.lock();
        try {
            return phase == Phase.MOVING;
        } finally {
            lock.unlock();
        }
    }

    /** Sends everything sent so far on a new link; on a thread of its own. */
    private void resend() {
        sendLock.lock();
        try {
            Lease lease = leaser.lease(tracked, chars, true);
            lock.lock();
            try {
                if (phase == Phase.CLOSED) {
                    lease.link().release(route.id(), true);
                    return;
                }
                link = lease.link();
                reused = false;
                phase = Phase.RUNNING;
            } finally {
                lock.unlock();
            }
            LOGGER.fine(() -> "Request " + route.id() + " unanswered on a lost link; sent again on a new one");
            for (String message : sent) {
                lease.link().send(message);
            }
        } catch (ProviderException e) {
            fail(e);
        } catch (InterruptedException e) {
            fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, ProviderException.NO_STATUS,
                                       "interrupted while sending a request again", e));
        } finally {
            sendLock.unlock();
        }
    }

    private void fail(ProviderException error) {
        Link current;
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            current = link;
        } finally {
            lock.unlock();
        }
        current.release(route.id(), true);
        route.lost(error, false);
    }

    /** What the links see of the call: frames pass through, a loss may turn into a resend. */
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
            lock.lock();
            try {
                if (phase == Phase.CLOSED || phase == Phase.MOVING) {
                    return;
                }
                if (reused && !answered && !resent) {
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
            } finally {
                lock.unlock();
            }
            route.lost(error, answered);
        }
    }
}
