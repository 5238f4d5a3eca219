package io.ttsgateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.ProviderFailureLog;
import io.ttsgateway.provider.Continuation;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ClientEncoder;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * One request of a session: its synthesis thread takes the request's text segment by segment from
 * its {@link TextFeed}, opens each segment's audio (from the cache, or from the provider: a streamed
 * request keeps all its segments in one {@link Continuation}), converts it to the client's format
 * with one encoder for the whole request, and fills a {@link ChunkBuffer} that the session's
 * delivery thread drains to the socket. The next segment is opened as soon as its text is there,
 * while the current one is still being read, so the provider prepares it while the current plays.
 *
 * <p>When the provider fails with a retryable error before any audio of the request was produced,
 * the configured fallback providers are tried in turn; once audio was produced, a failure ends the
 * request, so a client never hears the start of a sentence twice.
 */
final class SynthesisJob implements Outbound.Owner {

    private static final Logger LOGGER = Logger.getLogger(SynthesisJob.class.getName());

    private final String requestId;
    private final RequestSpec spec;
    private final TextFeed feed;
    private final TtsProvider provider;
    private final ProviderSessions sessions;
    private final GatewayMetrics metrics;
    private final ChunkBuffer buffer;
    private volatile boolean cancelled;
    private volatile String source;
    private volatile Thread producer;
    private volatile AudioSource open;
    private volatile Continuation continuation;
    /** Whether any audio or timing of this request reached the buffer; touched by the producer only. */
    private boolean produced;
    /** Where the current segment starts in the request's audio; producer only. */
    private double segmentStartMs;

    SynthesisJob(String requestId, RequestSpec spec, TextFeed feed, TtsProvider provider, ProviderSessions sessions,
                 GatewayMetrics metrics, long bufferBytes) {
        this.requestId = requestId;
        this.spec = spec;
        this.feed = feed;
        this.provider = provider;
        this.sessions = sessions;
        this.metrics = metrics;
        this.buffer = new ChunkBuffer(bufferBytes);
    }

    /**
     * The client's id for this request.
     *
     * @return the id, or {@code null} when the client gave none
     */
    String requestId() {
        return requestId;
    }

    /** The format the client hears. */
    AudioFormat format() {
        return spec.format();
    }

    TextFeed feed() {
        return feed;
    }

    ChunkBuffer buffer() {
        return buffer;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Whether the request is waiting for the client's text rather than for a provider.
     *
     * @return true while its synthesis waits for streaming input
     */
    boolean awaitingInput() {
        return feed.awaitingInput();
    }

    /**
     * Where the audio comes from: {@code cache}, or the provider that synthesizes it.
     *
     * @return the source of the first segment, or the requested provider before it was opened
     */
    String source() {
        String current = source;
        return current == null ? provider.name() : current;
    }

    boolean started() {
        return producer != null;
    }

    /**
     * Starts synthesis on a new virtual thread. Called by the session under its queue lock.
     */
    void start(Synthesizer synthesizer) {
        producer = Thread.ofVirtual().name("tts-synthesis").start(() -> produce(synthesizer));
    }

    /** Marks the job cancelled; {@link Outbound#cancel} calls it, then the queue calls {@link #stop()}. */
    @Override
    public void markCancelled() {
        cancelled = true;
    }

    /**
     * Stops synthesis without touching the socket: the socket is gone or the job already failed.
     */
    void stop() {
        cancelled = true;
        feed.stop();
        buffer.cancel();
        AudioSource current = open;
        if (current != null) {
            current.abort();
        }
        Continuation utterance = continuation;
        if (utterance != null) {
            utterance.close();
        }
        Thread thread = producer;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void produce(Synthesizer synthesizer) {
        long started = System.nanoTime();
        List<TtsProvider> candidates = new ArrayList<>();
        candidates.add(provider);
        candidates.addAll(synthesizer.providers().fallbackAfter(provider.name()));
        ClientEncoder encoder = new ClientEncoder(spec.format());
        Segments segments = new Segments(synthesizer, candidates);
        try {
            String text = feed.next();
            while (text != null && !cancelled) {
                try {
                    if (!stream(segments, text, encoder)) {
                        return;
                    }
                } catch (ProviderException e) {
                    if (cancelled) {
                        return;
                    }
                    GatewayError error = new GatewayError(ErrorCode.of(e.kind()), e.getMessage(), e.retryable());
                    TtsProvider failed = segments.provider();
                    metrics.providerFailure(failed.name(), error.code().wireName());
                    ProviderFailureLog.failed(failed.name(), error.code().wireName(), requestId, started,
                                              error.message());
                    if (e.retryable() && !produced && segments.fallBack()) {
                        LOGGER.info(() -> failed.name() + " failed before the first byte (" + error.code().wireName()
                                + "); trying " + segments.provider().name());
                        source = null; // the start and the first-byte metric name who makes the audio
                        continue; // the same segment again, on the next provider
                    }
                    buffer.fail(error);
                    return;
                }
                text = segments.nextText();
            }
            if (cancelled) {
                return;
            }
            segments.finish();
            byte[] tail = encoder.finish();
            if (tail.length > 0 && !buffer.put(tail)) {
                return;
            }
            buffer.end();
        } catch (ProtocolException e) {
            buffer.fail(e.error());
        } catch (InterruptedException e) {
            buffer.cancel();
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOGGER.log(Level.WARNING, "Synthesis failed unexpectedly", e);
                buffer.fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "synthesis failed"));
            }
        } finally {
            segments.close();
        }
    }

    /**
     * Streams one segment into the buffer, opening the next one as soon as its text is there.
     *
     * @return false when the request is over (cancelled)
     */
    private boolean stream(Segments segments, String text, ClientEncoder encoder)
            throws ProviderException, InterruptedException {
        try (AudioSource opened = segments.open(text)) {
            open = opened;
            if (source == null) {
                source = opened.cached() ? "cache" : segments.provider().name();
            }
            if (cancelled) {
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
            if (!cancelled) {
                opened.complete();
            }
            segmentStartMs += bytes * 1000.0 / format.bytesPerSecond();
            return !cancelled;
        } finally {
            open = null;
        }
    }

    private boolean put(byte[] audio) throws InterruptedException {
        if (audio.length == 0) {
            return !cancelled;
        }
        if (!buffer.put(audio)) {
            return false;
        }
        produced = true;
        return true;
    }

    private boolean forwardAlignments(AudioSource opened) throws InterruptedException {
        if (!spec.timestamps()) {
            return true;
        }
        for (WordAlignment alignment = opened.nextAlignment(); alignment != null; alignment = opened.nextAlignment()) {
            if (!buffer.align(shift(alignment))) {
                return false;
            }
            produced = true;
        }
        return true;
    }

    private WordAlignment shift(WordAlignment alignment) {
        long offset = Math.round(segmentStartMs);
        if (offset == 0) {
            return alignment;
        }
        return new WordAlignment(alignment.words(),
                                 alignment.startMs().stream().map(ms -> ms + offset).toList(),
                                 alignment.endMs().stream().map(ms -> ms + offset).toList());
    }

    /**
     * The segments of this request at its current provider: the continuation a streamed request
     * keeps there, and the next segment opened ahead. Used by the producer thread only.
     */
    private final class Segments {

        private final Synthesizer synthesizer;
        private final List<TtsProvider> candidates;
        private int attempt;
        private String aheadText;
        private AudioSource ahead;

        Segments(Synthesizer synthesizer, List<TtsProvider> candidates) {
            this.synthesizer = synthesizer;
            this.candidates = candidates;
        }

        TtsProvider provider() {
            return candidates.get(attempt);
        }

        /**
         * Opens a segment: the one opened ahead when it is that one, otherwise now.
         */
        AudioSource open(String text) throws ProviderException, InterruptedException {
            if (ahead != null) { // nextText() handed out its text
                AudioSource opened = ahead;
                ahead = null;
                return opened;
            }
            return openNow(text);
        }

        /**
         * Opens the next segment ahead when its text has arrived. A failure here is left to the
         * segment's own turn, so that it is reported in order.
         */
        void prepareNext() throws InterruptedException {
            if (!feed.streamed() || aheadText != null || ahead != null) {
                return;
            }
            aheadText = feed.poll();
            if (aheadText == null) {
                return;
            }
            try {
                ahead = openNow(aheadText);
            } catch (ProviderException e) {
                ahead = null;
            }
        }

        /**
         * The text after the segment just streamed: the one opened ahead, or the next from the feed.
         */
        String nextText() throws ProtocolException, InterruptedException {
            if (aheadText != null) {
                String text = aheadText;
                aheadText = null;
                return text;
            }
            return feed.next();
        }

        /**
         * Moves to the next provider, dropping what was opened at the failed one.
         *
         * @return false when there is none
         */
        boolean fallBack() {
            if (attempt + 1 >= candidates.size()) {
                return false;
            }
            closeAhead();
            closeContinuation();
            attempt++;
            return true;
        }

        void finish() {
            Continuation utterance = continuation;
            if (utterance != null) {
                utterance.finish();
            }
        }

        void close() {
            closeAhead();
            closeContinuation();
        }

        private AudioSource openNow(String text) throws ProviderException, InterruptedException {
            TtsProvider current = provider();
            var request = spec.request(text, attempt > 0);
            if (!feed.streamed()) {
                return synthesizer.open(request, current, sessions);
            }
            Continuation utterance = continuation;
            if (utterance == null) {
                utterance = sessions.of(current).openContinuation();
                continuation = utterance;
                if (cancelled) {
                    utterance.close();
                    throw new InterruptedException("cancelled");
                }
            }
            return synthesizer.openSegment(request, current, utterance);
        }

        private void closeAhead() {
            if (ahead != null) {
                ahead.close();
                ahead = null;
            }
        }

        private void closeContinuation() {
            Continuation utterance = continuation;
            continuation = null;
            if (utterance != null) {
                utterance.close();
            }
        }
    }
}
