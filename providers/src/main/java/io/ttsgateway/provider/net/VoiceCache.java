package io.ttsgateway.provider.net;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.Voice;

/**
 * A provider's voice list, fetched from its API and kept for a time to live. When a refresh fails,
 * the last list is served on (the failure is logged once per run of failures) and the refresh is
 * tried again after {@link #RETRY_AFTER_FAILURE} at most; a failure with nothing cached is thrown.
 * Lock-free: while one caller refreshes, the others get the list already held.
 */
public final class VoiceCache {

    /** How long a list is served before it is fetched again, unless the provider is told otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    /** Longest wait before a failed refresh is tried again (the TTL when that is shorter). */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    private static final Logger LOGGER = Logger.getLogger(VoiceCache.class.getName());

    /** Fetches the list. */
    @FunctionalInterface
    public interface Loader {
        /** Asks the provider. */
        List<Voice> load() throws ProviderException;
    }

    /** A list and when to fetch the next one. */
    private record Entry(List<Voice> voices, long refreshAt) {
    }

    private final String provider;
    private final long ttlNanos;
    private final long retryNanos;
    private final Loader loader;
    private final LongSupplier clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Entry entry;
    private volatile boolean failing;

    /** An empty cache; a zero {@code ttl} asks the provider every time (a stale list still serves when it fails). */
    public VoiceCache(String provider, Duration ttl, Loader loader) {
        this(provider, ttl, loader, System::nanoTime);
    }

    /** An empty cache on a clock of nanoseconds: {@link System#nanoTime} in service, a hand-driven one in tests. */
    public VoiceCache(String provider, Duration ttl, Loader loader, LongSupplier clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("voice list TTL must not be negative: " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.retryNanos = Math.min(ttlNanos, RETRY_AFTER_FAILURE.toNanos());
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The voices: the cached list while fresh, else a fetched one, else the stale one.
     *
     * @throws ProviderException when fetching failed and no list was ever fetched
     */
    public List<Voice> voices() throws ProviderException {
        Entry held = entry;
        if (held != null && (clock.getAsLong() - held.refreshAt() < 0 || !refreshing.compareAndSet(false, true))) {
            return held.voices();
        }
        try {
            List<Voice> fresh = List.copyOf(loader.load());
            entry = new Entry(fresh, clock.getAsLong() + ttlNanos);
            if (failing) {
                failing = false;
                LOGGER.info(() -> provider + " voice list fetched again");
            }
            return fresh;
        } catch (ProviderException e) {
            if (held == null) {
                throw e;
            }
            // The message is client-safe by contract: no key in it.
            if (!failing) {
                failing = true;
                LOGGER.warning(() -> provider + " voice list refresh failed, serving the previous list: "
                        + e.getMessage());
            } else {
                LOGGER.log(Level.FINE, () -> provider + " voice list refresh failed again: " + e.getMessage());
            }
            entry = new Entry(held.voices(), clock.getAsLong() + retryNanos);
            return held.voices();
        } finally {
            if (held != null) {
                refreshing.set(false);
            }
        }
    }
}
