package io.ttsgateway.synthesis;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.breaker.CallPermit;
import io.ttsgateway.cache.AudioCache;
import io.ttsgateway.cache.CacheKey;
import io.ttsgateway.cache.CachedAudio;
import io.ttsgateway.cache.DirectBuffers;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;

/**
 * Opens the audio of a request: from the cache when it holds it, otherwise from the provider while
 * caching it. Identical whole-text requests in flight at once share one provider stream
 * ({@link SharedSynthesis}). Shared by all sessions.
 */
public final class Synthesizer {

    /**
     * Audio kept for joiners goes off the heap up to this fraction of the maximum heap, all syntheses
     * together (128 MiB with a 1 GiB heap, about 900 streams of 3 s): beside the heap, within what a
     * container's memory limit leaves it (MaxRAMPercentage 75).
     */
    static final int OFF_HEAP_SHARE_OF_HEAP = 8;

    private final ProviderRegistry providers;
    private final AudioCache cache;
    private final GatewayMetrics metrics;
    private final long maxSharedBytes;
    private final DirectBuffers offHeap = KeptAudio.slabs(Runtime.getRuntime().maxMemory() / OFF_HEAP_SHARE_OF_HEAP);
    private final Map<String, SharedSynthesis> inFlight = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int open;

    /**
     * Creates the synthesizer.
     *
     * @param providers the providers requests may use
     * @param cache     the cache ({@link AudioCache#disabled()} when caching is off)
     * @param metrics   where cache hits and misses are counted
     * @param maxSharedBytes audio an in-flight synthesis keeps from its start so that identical
     *                       requests can join it; 0 turns joining off
     */
    public Synthesizer(ProviderRegistry providers, AudioCache cache, GatewayMetrics metrics, long maxSharedBytes) {
        this.providers = providers;
        this.cache = cache;
        this.metrics = metrics;
        this.maxSharedBytes = maxSharedBytes;
        metrics.offHeapAudio(() -> (long) offHeap.inUse() * offHeap.bytes());
    }

    /**
     * The providers behind this synthesizer.
     *
     * @return the registry
     */
    public ProviderRegistry providers() {
        return providers;
    }

    /**
     * Opens the audio of one whole-text request.
     * A request that wants word timings skips the cache lookup (the cache holds audio only), but
     * its audio is still cached for requests that do not.
     *
     * @param request  what to say, with the client's format
     * @param provider the provider to use on a miss
     * @param sessions the connection's provider sessions
     * @return the audio source in the provider's output format (see {@link FormatPlan}), to be
     *         closed by the caller
     * @throws ProviderException    when the provider cannot start
     * @throws InterruptedException when cancelled while starting
     */
    public AudioSource open(SynthesisRequest request, TtsProvider provider, ProviderSessions sessions)
            throws ProviderException, InterruptedException {
        return open(request, provider, asked -> sessions.of(provider).open(asked), maxSharedBytes > 0);
    }

    /**
     * Opens the audio of one whole-text request from the cache only, counting a hit; a miss is
     * neither counted nor sent anywhere, so the caller can serve a hit on its own thread and leave a
     * miss to {@link #open}.
     *
     * @param request  what to say, with the client's format
     * @param provider the provider whose audio it would be
     * @return the cached audio in its stored format, to be closed by the caller, or {@code null}
     */
    public AudioSource openCached(SynthesisRequest request, TtsProvider provider) {
        if (request.timestamps()) {
            return null;
        }
        FormatPlan.Plan plan = FormatPlan.of(provider.capabilities(), request.format());
        SynthesisRequest asked = request.withFormat(plan.providerOutput());
        return cached(request, asked, rawKey(asked, provider), provider, plan);
    }

    /**
     * Opens the audio of one segment of a streamed request: from the cache, or as the next segment
     * of the request's continuation at the provider. Each segment is cached on its own.
     *
     * @param segment      the segment's text with the request's options and the client's format
     * @param provider     the provider of the continuation
     * @param continuation the request's continuation at that provider
     * @return the audio source in the provider's output format, to be closed by the caller
     * @throws ProviderException    when the provider cannot start
     * @throws InterruptedException when cancelled while starting
     */
    public AudioSource openSegment(SynthesisRequest segment, TtsProvider provider, Continuation continuation)
            throws ProviderException, InterruptedException {
        // A segment belongs to its request's continuation at the provider: never shared.
        return open(segment, provider, continuation::open, false);
    }

    private AudioSource open(SynthesisRequest request, TtsProvider provider, StreamOpener opener, boolean shareable)
            throws ProviderException, InterruptedException {
        FormatPlan.Plan plan = FormatPlan.of(provider.capabilities(), request.format());
        SynthesisRequest asked = request.withFormat(plan.providerOutput());
        CacheKey key = rawKey(asked, provider);
        AudioSource hit = request.timestamps() ? null : cached(request, asked, key, provider, plan);
        if (hit != null) {
            return hit;
        }
        StreamOpener guarded = guarded(provider, opener);
        if (shareable) {
            return openShared(asked, key, guarded);
        }
        countMiss();
        // The provider first: a request it refuses leaves no cache writer behind.
        AudioStream stream = guarded.open(asked);
        return track(new LiveSource(stream, cache.writer(key), this::release));
    }

    /** The first cached candidate format of a request, counted as a hit; {@code null} when none. */
    private AudioSource cached(SynthesisRequest request, SynthesisRequest asked, CacheKey key, TtsProvider provider,
                               FormatPlan.Plan plan) {
        for (AudioFormat candidate : plan.cacheCandidates()) {
            CacheKey candidateKey = candidate.equals(asked.format()) ? key : rawKey(request.withFormat(candidate), provider);
            Optional<CachedAudio> hit = cache.lookup(candidateKey);
            if (hit.isPresent()) {
                metrics.cacheHit();
                return track(new CachedSource(hit.get(), candidate, this::release));
            }
        }
        return null;
    }

    /**
     * Opens through the provider's circuit breaker: refused at once while it is open, and the stream
     * reports its outcome to it. A cache hit never reaches here, so it is served whatever the breaker.
     */
    private StreamOpener guarded(TtsProvider provider, StreamOpener opener) {
        return asked -> {
            CallPermit permit = providers.breakers().acquire(provider.name());
            try {
                return new GuardedStream(opener.open(asked), permit);
            } catch (ProviderException e) {
                permit.failed(e);
                throw e;
            } catch (InterruptedException | RuntimeException e) {
                permit.release();
                throw e;
            }
        };
    }

    /** A request that goes to the provider; not counted when nothing is cached. */
    private void countMiss() {
        if (cache.enabled()) {
            metrics.cacheMiss();
        }
    }

    /**
     * Joins the identical synthesis in flight, or opens the provider stream as a new one that later
     * identical requests can join.
     */
    private AudioSource openShared(SynthesisRequest asked, CacheKey key, StreamOpener opener)
            throws ProviderException, InterruptedException {
        // Timings are part of what is asked for: a stream without them cannot serve a request that wants them.
        String flight = key.hex() + (asked.timestamps() ? "+timestamps" : "");
        while (true) {
            SharedSynthesis fresh = new SharedSynthesis(maxSharedBytes, offHeap, done -> inFlight.remove(flight, done));
            SharedSynthesis running = inFlight.putIfAbsent(flight, fresh);
            if (running != null) {
                AudioSource joined = join(running, flight);
                if (joined != null) {
                    return joined;
                }
                continue; // it stopped taking readers, or its opener was cancelled: open our own
            }
            countMiss();
            SharedSynthesis.Reader first = fresh.join();
            AudioStream stream;
            try {
                stream = opener.open(asked);
            } catch (ProviderException e) {
                fresh.notOpened(e);
                first.close();
                throw e;
            } catch (InterruptedException | RuntimeException e) {
                fresh.notOpened(null);
                first.close();
                throw e;
            }
            fresh.opened(stream, cache.writer(key));
            return track(new SharedSource(first, this::release));
        }
    }

    private AudioSource join(SharedSynthesis running, String flight) throws ProviderException, InterruptedException {
        SharedSynthesis.Reader reader = running.join();
        if (reader == null) {
            inFlight.remove(flight, running);
            return null;
        }
        boolean opened = false;
        try {
            opened = reader.awaitOpen();
        } finally {
            if (!opened) {
                reader.close();
            }
        }
        metrics.coalesced();
        return track(new SharedSource(reader, this::release));
    }

    /**
     * Sources opened and not yet closed: syntheses still holding a provider stream or a cache file.
     *
     * @return open sources
     */
    public int openSources() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every source opened has been closed and the cache has written what they gave it,
     * that is until no synthesis holds a provider stream or an uncommitted cache file any more.
     *
     * @param timeout longest wait
     * @return true when idle
     * @throws InterruptedException when interrupted
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (open > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = released.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
        return cache.awaitWritten(Duration.ofNanos(remaining));
    }

    /** Opens a provider stream for the request as the provider is asked for it. */
    @FunctionalInterface
    private interface StreamOpener {
        AudioStream open(SynthesisRequest asked) throws ProviderException, InterruptedException;
    }

    private AudioSource track(AudioSource source) {
        lock.lock();
        try {
            open++;
        } finally {
            lock.unlock();
        }
        return source;
    }

    private void release() {
        lock.lock();
        try {
            open--;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The cache key of a request: provider, model, voice and settings with the provider's defaults
     * filled in, the format the provider is asked for (not the client's) and text.
     *
     * @param request  the request
     * @param provider the provider that synthesizes it
     * @return its key
     */
    public CacheKey keyOf(SynthesisRequest request, TtsProvider provider) {
        return rawKey(request.withFormat(FormatPlan.of(provider.capabilities(), request.format()).providerOutput()),
                      provider);
    }

    private static CacheKey rawKey(SynthesisRequest request, TtsProvider provider) {
        String voice = request.voice() != null ? request.voice() : provider.defaultVoice();
        String model = request.model() != null ? request.model() : provider.defaultModel();
        return CacheKey.of(provider.name(), model, voice, request.settings(), request.format().toString(),
                           request.text());
    }
}
