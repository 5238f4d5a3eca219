package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import marytts.exceptions.MaryConfigurationException;

/**
 * The pool of engines, one per synthesis that may run at once; a stream borrows one for a segment at a
 * time, in the order streams asked (a fair queue: no stream's next sentence is passed over for long).
 * Each synthesis runs on a platform thread of the pool's own: a sentence is half a second of pure CPU,
 * and on the stream's virtual thread it would hold a carrier of the virtual-thread scheduler (one per
 * core) the whole time, so every socket, refusal and health check of the gateway would wait for it.
 */
final class MaryEngines {

    /** Varied sentences, spoken twice per engine: one pass leaves the first client's request cold. */
    private static final String WARM_UP_TEXT = "Warming up the speech engine. Hello, how can I assist you today? "
            + "The quick brown fox jumps over the lazy dog, twice, at 3.5 miles per hour.";
    private static final int WARM_UP_PASSES = 2;

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

    /** Starts MaryTTS and warms up every engine, so the first client pays for no class loading or JIT. */
    static MaryEngines start(MaryTtsSettings settings) throws ProviderException {
        MaryLogging.configure();
        BlockingQueue<MaryEngine> idle = new ArrayBlockingQueue<>(settings.maxConcurrent(), true);
        try {
            for (int i = 0; i < settings.maxConcurrent(); i++) {
                MaryEngine engine = new MaryEngine(settings.voice());
                for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                    engine.synthesize(WARM_UP_TEXT, SpeakingRate.NORMAL, true);
                }
                idle.add(engine);
            }
        } catch (MaryConfigurationException | IllegalArgumentException e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine could not start: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine warm-up failed", e);
        }
        return new MaryEngines(idle, settings.queueTimeout());
    }

    /** Segments waiting for a free engine now: the engine's queue depth. */
    int waiting() {
        return waiting.get();
    }

    /** Synthesizes a piece of text on a free engine, waiting at most the queue time for one, and as long for the sentence. */
    MarySpeech synthesize(String text, double rate, boolean timed) throws ProviderException, InterruptedException {
        MaryEngine engine = borrow();
        Future<MarySpeech> speech;
        try {
            // The worker gives the engine back: a caller cancelled meanwhile must not hand it on mid-sentence.
            speech = workers.submit(() -> {
                try {
                    return engine.synthesize(text, rate, timed);
                } finally {
                    idle.add(engine);
                }
            });
        } catch (RejectedExecutionException e) {
            idle.add(engine);
            throw new ProviderException(ProviderErrorKind.UNAVAILABLE, "embedded engine is closed");
        }
        try {
            return speech.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProviderException(ProviderErrorKind.TIMEOUT, "embedded engine took longer than " + wait
                    + " for a sentence");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            throw new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, ProviderException.NO_STATUS,
                                        "embedded engine failed to synthesize a sentence", e.getCause());
        }
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
