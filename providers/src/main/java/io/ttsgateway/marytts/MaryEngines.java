package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import marytts.exceptions.MaryConfigurationException;

/**
 * The pool of engines, one per synthesis that may run at once; a stream borrows one for a segment at a
 * time (until the segment's last sample), in the order streams asked (a fair queue: no stream's next sentence is passed over for long).
 * Each synthesis runs on a platform thread of the pool's own: a sentence is half a second of pure CPU,
 * and on the stream's virtual thread it would hold a carrier of the virtual-thread scheduler (one per
 * core) the whole time, so every socket, refusal and health check of the gateway would wait for it.
 */
final class MaryEngines {

    /** Varied sentences, spoken twice per engine: one pass leaves the first client's request cold. */
    private static final String WARM_UP_TEXT = "Warming up the speech engine. Hello, how can I assist you today? "
            + "The quick brown fox jumps over the lazy dog, twice, at 3.5 miles per hour.";

    private final BlockingQueue<MaryEngine> idle;
    private final Duration wait;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ExecutorService workers;
    /** The rate of the engines' audio, the voice's own: a configured voice may differ from the shipped one. */
    final int sampleRate;

    private MaryEngines(BlockingQueue<MaryEngine> idle, Duration wait) {
        this.idle = idle;
        this.wait = wait;
        this.sampleRate = idle.element().sampleRate();
        this.workers = Executors.newFixedThreadPool(idle.size(),
                                                    Thread.ofPlatform().name("marytts-engine-", 1).daemon(true).factory());
    }

    /**
     * Starts MaryTTS and warms up every engine, first on its own, then through the pool's threads
     * as a request streams (as often as there are engines: the fair queue lends each in turn), so
     * the first client pays for no class loading, thread start or JIT.
     */
    static MaryEngines start(MaryTtsSettings settings) throws ProviderException {
        MaryLogging.configure();
        BlockingQueue<MaryEngine> idle = new ArrayBlockingQueue<>(settings.maxConcurrent(), true);
        try {
            for (int i = 0; i < settings.maxConcurrent(); i++) {
                MaryEngine engine = new MaryEngine(settings.voice());
                engine.synthesize(WARM_UP_TEXT, SpeakingRate.NORMAL, true);
                idle.add(engine);
            }
        } catch (MaryConfigurationException | IllegalArgumentException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine could not start: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine warm-up failed", e);
        }
        MaryEngines pool = new MaryEngines(idle, settings.queueTimeout());
        try {
            for (int i = 0; i < settings.maxConcurrent(); i++) {
                SpeechFeed feed = pool.synthesize(WARM_UP_TEXT, SpeakingRate.NORMAL, true);
                while (feed.next() != null) {
                    // drained: the engine is back in the pool once its feed has ended
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.close();
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "embedded engine warm-up interrupted");
        } catch (ProviderException | RuntimeException e) {
            pool.close();
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine warm-up failed", e);
        }
        return pool;
    }

    /** Engines free now. */
    int idleEngines() {
        return idle.size();
    }

    /** Segments waiting for a free engine now: the engine's queue depth. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Starts synthesizing a piece of text on a free engine, waiting at most the queue time for one;
     * its audio comes through the feed as the engine makes it, each piece within the queue time. The
     * engine stays taken until its vocoder is done, so no more syntheses run at once than engines.
     */
    SpeechFeed synthesize(String text, double rate, boolean timed) throws ProviderException, InterruptedException {
        MaryEngine engine = borrow();
        SpeechFeed feed = new SpeechFeed(wait);
        try {
            // The worker gives the engine back: a caller cancelled meanwhile must not hand it on mid-sentence.
            // The engine is back before the feed ends, so whoever saw the end finds it free.
            workers.execute(() -> {
                Exception failure = null;
                try {
                    engine.synthesize(text, rate, timed, feed::put);
                } catch (Exception e) {
                    failure = e;
                } finally {
                    idle.add(engine);
                }
                if (failure == null) {
                    feed.end();
                } else {
                    feed.fail(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            idle.add(engine);
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "embedded engine is closed");
        }
        return feed;
    }

    /** Stops the engines' threads; a synthesis still running ends with its sentence. */
    void close() {
        workers.shutdownNow();
    }

    private MaryEngine borrow() throws ProviderException, InterruptedException {
        MaryEngine engine;
        waiting.incrementAndGet();
        try {
            engine = idle.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            waiting.decrementAndGet();
        }
        if (engine == null) {
            throw new ProviderException(ProviderErrorKind.TIMEOUT,
                                        "embedded engine busy: no engine free within " + wait);
        }
        return engine;
    }
}
