package io.ttsgateway.breaker;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

/**
 * The circuit breaker of one provider, shared by every session: after a run of retryable failures
 * or timeouts it opens and requests skip the provider (to their fallback, or failing at once); after
 * the cool-down the next request is let through as the one trial, whose success closes it and whose
 * failure opens it for another cool-down. A call takes a {@link CallPermit} before it goes to the
 * provider and reports through it, later and from whichever thread reads the provider's first audio.
 *
 * <p>Why not helidon-fault-tolerance's {@code CircuitBreaker} (4.5.0; it resolves here): its
 * {@code invoke(Supplier)} admits a call, runs it and records its outcome in one synchronous call on
 * one thread, while a provider call's outcome is known later and elsewhere: the stream is opened by
 * the synthesizer after the cache lookup (and may be read by a shared synthesis that coalesced
 * readers joined), and succeeds or fails at its first audio or first-byte timeout in a later
 * {@code read()}; fitting that into {@code invoke} means parking a thread inside the supplier until
 * the outcome comes. It has no neutral outcome: a supplier that returns, or throws an exception in
 * {@code skipOn}, counts as a success, so a trial request the client cancels, or one the provider
 * refuses for its key, would close the breaker though the provider served nothing. Its open to
 * half-open change is a task that sleeps the delay on its executor, with no clock to inject and no
 * listener, and {@code state(HALF_OPEN)} only resets its counters: the change can be neither
 * tested without sleeping nor logged when it happens.
 */
public final class ProviderBreaker {

    private final String provider;
    private final BreakerSettings settings;
    private final LongSupplier nanoClock;
    private final BreakerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private BreakerState state = BreakerState.CLOSED;
    /** Retryable failures in a row while closed. */
    private int failures;
    /** When it last opened, by {@link #nanoClock}. */
    private long openedAt;
    /** Whether the trial request of the half-open state is out. */
    private boolean trialOut;

    /**
     * Creates a closed breaker.
     *
     * @param provider  the provider's name
     * @param settings  the run of failures that opens it and its cool-down; must be enabled
     * @param nanoClock the time in nanoseconds, {@link System#nanoTime()} outside tests
     * @param listener  told of every change of state
     */
    public ProviderBreaker(String provider, BreakerSettings settings, LongSupplier nanoClock,
                           BreakerListener listener) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("a breaker needs a positive number of failures");
        }
        this.provider = provider;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.listener = listener;
    }

    /**
     * The provider's name.
     *
     * @return the name
     */
    public String provider() {
        return provider;
    }

    /**
     * The state now. An open breaker whose cool-down is over stays open until a request comes to be
     * the trial.
     *
     * @return the state
     */
    public BreakerState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets a call go to the provider, or refuses it at once.
     *
     * @return the call's permit, through which it reports how it went
     * @throws BreakerOpenException while the breaker is open, or half-open with its trial out
     */
    public CallPermit acquire() throws BreakerOpenException {
        lock.lock();
        try {
            if (state == BreakerState.OPEN) {
                long waited = nanoClock.getAsLong() - openedAt;
                if (waited < settings.coolDown().toNanos()) {
                    throw new BreakerOpenException(provider, settings.coolDown().minusNanos(waited));
                }
                transition(BreakerState.HALF_OPEN, "cool-down of " + settings.coolDown().toMillis()
                        + " ms over, one trial request goes to it");
            }
            if (state == BreakerState.CLOSED) {
                return new Permit(false);
            }
            if (trialOut) {
                throw new BreakerOpenException(provider, null);
            }
            trialOut = true;
            return new Permit(true);
        } finally {
            lock.unlock();
        }
    }

    private void succeeded(Permit permit) {
        lock.lock();
        try {
            if (permit.trial && state == BreakerState.HALF_OPEN) {
                trialOut = false;
                transition(BreakerState.CLOSED, "the trial request got audio");
            } else if (!permit.trial && state == BreakerState.CLOSED) {
                failures = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    private void failed(Permit permit, String reason) {
        lock.lock();
        try {
            if (permit.trial && state == BreakerState.HALF_OPEN) {
                trialOut = false;
                transition(BreakerState.OPEN, "the trial request failed (" + reason + ")");
            } else if (!permit.trial && state == BreakerState.CLOSED && ++failures >= settings.failures()) {
                transition(BreakerState.OPEN, failures + " failures in a row, the last " + reason);
            }
        } finally {
            lock.unlock();
        }
    }

    private void released(Permit permit) {
        lock.lock();
        try {
            if (permit.trial && state == BreakerState.HALF_OPEN) {
                trialOut = false; // no verdict: the next request is the trial
            }
        } finally {
            lock.unlock();
        }
    }

    /** The one place the state changes. Holds the lock. */
    private void transition(BreakerState next, String why) {
        BreakerState previous = state;
        state = next;
        failures = 0;
        if (next == BreakerState.OPEN) {
            openedAt = nanoClock.getAsLong();
        }
        String told = next == BreakerState.OPEN
                ? why + "; requests skip it for " + settings.coolDown().toMillis() + " ms" : why;
        listener.changed(provider, previous, next, told);
    }

    /** A call's leave from this breaker; see {@link CallPermit}. */
    private final class Permit implements CallPermit {

        private final boolean trial;
        private final AtomicBoolean reported = new AtomicBoolean();

        private Permit(boolean trial) {
            this.trial = trial;
        }

        @Override
        public void succeeded() {
            if (reported.compareAndSet(false, true)) {
                ProviderBreaker.this.succeeded(this);
            }
        }

        @Override
        public void failed(ProviderException failure) {
            // Throttled or at capacity, the provider answered at once: it is up, and the breaker is for
            // providers that make requests wait out a timeout or fail them all.
            if (!failure.retryable() || failure.kind() == ProviderErrorKind.BUSY
                    || failure.kind() == ProviderErrorKind.RATE_LIMITED) {
                release();
            } else if (reported.compareAndSet(false, true)) {
                ProviderBreaker.this.failed(this, failure.kind().name().toLowerCase(Locale.ROOT));
            }
        }

        @Override
        public void release() {
            if (reported.compareAndSet(false, true)) {
                released(this);
            }
        }
    }

}
