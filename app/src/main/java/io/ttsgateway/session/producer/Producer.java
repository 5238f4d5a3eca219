package io.ttsgateway.session.producer;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.breaker.BreakerOpenException;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.ProviderFailureLog;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ClientEncoder;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * The synthesis thread of one request: takes its text segment by segment from its
 * {@link TextFeed}, opens each segment's audio ({@link SegmentOpener}), converts it to the client's
 * format with one encoder for the whole request, and fills its {@link AudioSink}, with word
 * timings in the request's time ({@link Timeline}). A retryable provider failure goes to the
 * {@link FallbackPolicy}; any other ends the request through the buffer.
 */
public final class Producer {

    private static final Logger LOGGER = Logger.getLogger(Producer.class.getName());

    private final String requestId;
    /** When the synthesis started, for the failure log's elapsed time. */
    private long startedNanos;
    private final RequestSpec spec;
    private final TextFeed feed;
    private final AudioSink buffer;
    private final TtsProvider requested;
    private final ProviderSessions sessions;
    private final GatewayMetrics metrics;
    private final RequestTrace trace;
    private final BooleanSupplier cancelled;
    private final Timeline timeline = new Timeline();
    /** {@code cache} or the provider that makes the audio, once a segment is open; null between attempts. */
    private volatile String source;
    /** The provider asked now: the requested one, then each fallback. */
    private volatile String attempting;
    /** The providers that failed before the one that made the audio; set when audio is produced after a fallback. */
    private volatile List<String> fallbackFrom = List.of();
    private volatile Thread thread;
    private volatile SegmentOpener segments;
    private volatile AudioSource open;
    private FallbackPolicy fallback;
    /** Whether any audio or timing reached the buffer; producer thread only. */
    private boolean produced;
    /** When the segment being streamed began to open, for its provider's span; producer thread only. */
    private long openedAt;

    /**
     * Creates the producer of one request; nothing runs before {@link #start}.
     *
     * @param spec      how every segment is spoken
     * @param feed      the request's text
     * @param buffer    where its audio goes: a {@link ChunkBuffer}, or the caller's output when it runs
     *                  on the caller's thread
     * @param requested the provider the request asked for
     * @param requestId the client's id of the request, for the log, or null
     * @param sessions  the connection's provider sessions
     * @param metrics   where provider failures are counted
     * @param trace     the request's span, told about the cache and each provider attempt
     * @param cancelled whether the request was cancelled; checked between steps
     */
    public Producer(String requestId, RequestSpec spec, TextFeed feed, AudioSink buffer, TtsProvider requested,
                    ProviderSessions sessions, GatewayMetrics metrics, RequestTrace trace, BooleanSupplier cancelled) {
        this.requestId = requestId;
        this.spec = spec;
        this.feed = feed;
        this.buffer = buffer;
        this.requested = requested;
        this.sessions = sessions;
        this.metrics = metrics;
        this.trace = trace;
        this.cancelled = cancelled;
        this.attempting = requested.name();
    }

    /**
     * Starts the synthesis thread, a virtual one.
     *
     * @param synthesizer opens the audio of each segment
     */
    public void start(Synthesizer synthesizer) {
        prepare(synthesizer);
        Thread producer = Thread.ofVirtual().name("tts-synthesis").unstarted(this::run);
        thread = producer;
        producer.start();
    }

    /**
     * Runs the synthesis on the calling thread, until the request is over: no thread hop between the
     * provider and the caller's output. {@link #stop()} then closes what is open but interrupts nothing,
     * since the thread is the caller's.
     *
     * @param synthesizer opens the audio of each segment
     */
    public void runHere(Synthesizer synthesizer) {
        prepare(synthesizer);
        run();
    }

    private void prepare(Synthesizer synthesizer) {
        fallback = new FallbackPolicy(requested, synthesizer.providers().fallbackAfter(requested.name()));
        segments = new SegmentOpener(synthesizer, spec, feed, sessions, fallback, cancelled);
        startedNanos = System.nanoTime();
    }

    /**
     * Whether {@link #start} was called.
     *
     * @return true once started
     */
    public boolean started() {
        return thread != null;
    }

    /**
     * Where the audio comes from: {@code cache}, or the provider that synthesizes it.
     *
     * @return the source of the first segment, or the provider being tried before one was opened
     */
    public String source() {
        String current = source;
        return current == null ? attempting : current;
    }

    /**
     * The providers that failed before the fallback that produced the request's audio.
     *
     * @return their names in order; empty when no fallback produced audio
     */
    public List<String> fallbackFrom() {
        return fallbackFrom;
    }

    /**
     * Stops the thread at once: closes the segment being read and the provider's continuation, and
     * interrupts it, unless it is reading a provider stream other requests share, which returns with
     * its next chunk. The caller has made {@code cancelled} true first. Any thread.
     */
    public void stop() {
        AudioSource current = open;
        boolean interrupt = current == null || current.abort();
        SegmentOpener opener = segments;
        if (opener != null) {
            opener.abort();
        }
        Thread producer = thread;
        if (producer != null && interrupt) {
            producer.interrupt();
        }
    }

    private boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    private void run() {
        ClientEncoder encoder = new ClientEncoder(spec.format());
        try {
            String text = feed.next();
            while (text != null && !cancelled()) {
                try {
                    if (!stream(text, encoder)) {
                        return;
                    }
                } catch (ProviderException e) {
                    if (cancelled() || !recover(e)) {
                        return;
                    }
                    continue; // the same segment again, on the next provider
                }
                text = segments.nextText();
            }
            if (cancelled()) {
                return;
            }
            segments.finish();
            byte[] tail = encoder.finish();
            if (tail.length > 0 && !buffer.put(tail)) {
                return;
            }
            trace.synthesisEnded("completed", null);
            buffer.end();
        } catch (ProtocolException e) {
            fail(e.error());
        } catch (InterruptedException e) {
            buffer.cancel();
        } catch (RuntimeException e) {
            if (!cancelled()) {
                LOGGER.log(Level.WARNING, "Synthesis failed unexpectedly", e);
                fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "synthesis failed"));
            }
        } finally {
            segments.close();
        }
    }

    /**
     * Counts a provider failure and falls back when the policy allows it, else fails the request. A
     * refusal at capacity is no failure of the provider: its gate counts it, and it is not logged as one.
     *
     * @return true when the segment is to be tried again on the next provider
     */
    private boolean recover(ProviderException e) {
        TtsProvider failed = fallback.current();
        // Refused at capacity, or held back by an open breaker (counted and logged once when it
        // opened): not a failure of the provider.
        boolean refused = e.kind() == ProviderErrorKind.BUSY || e instanceof BreakerOpenException;
        GatewayError error = GatewayError.of(e);
        if (!refused) {
            metrics.providerFailure(failed.name(), error.code().wireName());
            ProviderFailureLog.failed(failed.name(), error.code().wireName(), requestId, startedNanos,
                                      error.message());
        }
        trace.providerFailed(failed.name(), error.code().wireName(), openedAt);
        if (!fallback.fallBack(e, produced)) {
            buffer.fail(error);
            return false;
        }
        segments.restart();
        trace.fellBack(failed.name(), fallback.current().name());
        LOGGER.log(refused ? Level.FINE : Level.INFO, () -> failed.name()
                + " did not serve before the first byte (" + error.code().wireName() + "); trying "
                + fallback.current().name());
        attempting = fallback.current().name();
        source = null; // the start and the first-byte metric name who makes the audio
        return true;
    }

    /**
     * Streams one segment into the buffer, opening the next one as soon as its text is there.
     *
     * @return false when the request is over (cancelled)
     */
    private boolean stream(String text, ClientEncoder encoder) throws ProviderException, InterruptedException {
        openedAt = System.nanoTime();
        try (AudioSource opened = segments.open(text)) {
            open = opened;
            trace.opened(fallback.current().name(), opened.cached(), openedAt);
            if (source == null) {
                source = opened.cached() ? "cache" : fallback.current().name();
            }
            if (cancelled()) {
                return false;
            }
            AudioFormat format = opened.format();
            long bytes = 0;
            for (byte[] chunk = opened.read(); chunk != null; chunk = opened.read()) {
                bytes += chunk.length;
                if (!forwardAlignments(opened) || !put(encoder.encode(chunk, format))) {
                    return false;
                }
                segments.prepareNext();
            }
            if (!forwardAlignments(opened)) {
                return false;
            }
            if (!cancelled()) {
                opened.complete();
            }
            timeline.advance(bytes, format);
            return !cancelled();
        } finally {
            open = null;
        }
    }

    /** Ends the request with an error of its own (not a provider's, which {@link #recover} handles). */
    private void fail(GatewayError error) {
        trace.synthesisEnded("failed", error.code().wireName());
        buffer.fail(error);
    }

    private boolean put(byte[] audio) throws InterruptedException {
        if (audio.length == 0) {
            return !cancelled();
        }
        markProduced();
        return buffer.put(audio);
    }

    /**
     * The request's first audio or timing: from here on it stays with this provider. Before the
     * buffer has it, so whoever takes it out already sees {@link #fallbackFrom()}.
     */
    private void markProduced() {
        if (!produced) {
            produced = true;
            fallbackFrom = fallback.leftBehind();
        }
    }

    private boolean forwardAlignments(AudioSource opened) throws InterruptedException {
        if (!spec.timestamps()) {
            return true;
        }
        for (WordAlignment alignment = opened.nextAlignment(); alignment != null; alignment = opened.nextAlignment()) {
            markProduced();
            if (!buffer.align(timeline.shift(alignment))) {
                return false;
            }
        }
        return true;
    }
}
