package io.ttsgateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;

/**
 * One request of a session: its synthesis thread fills a {@link ChunkBuffer} that the session's
 * delivery thread drains to the socket. When the provider fails with a retryable error before any
 * audio of the request was produced, the configured fallback providers are tried in turn; once
 * audio was produced, a failure ends the request, so a client never hears the start of a sentence
 * twice.
 */
final class SynthesisJob {

    private static final Logger LOGGER = Logger.getLogger(SynthesisJob.class.getName());

    private final String requestId;
    private final SynthesisRequest request;
    private final TtsProvider provider;
    private final ProviderSessions sessions;
    private final GatewayMetrics metrics;
    private final ChunkBuffer buffer;
    private volatile boolean cancelled;
    private volatile String source;
    private volatile Thread producer;
    private volatile AudioSource open;
    /** Whether any audio or timing of this request reached the buffer; touched by the producer only. */
    private boolean produced;

    SynthesisJob(String requestId, SynthesisRequest request, TtsProvider provider, ProviderSessions sessions,
                 GatewayMetrics metrics, long bufferBytes) {
        this.requestId = requestId;
        this.request = request;
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

    SynthesisRequest request() {
        return request;
    }

    ChunkBuffer buffer() {
        return buffer;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /**
     * Where the audio comes from: {@code cache}, or the provider that synthesizes it.
     *
     * @return the source, or the requested provider before the audio was opened
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

    /**
     * Cancels: marks the job under the socket's write lock (so no audio of it is written after this
     * returns), then stops synthesis and frees the buffer. Safe from any thread, idempotent.
     */
    void cancel(SocketWriter writer) {
        writer.underLock(() -> cancelled = true);
        stop();
    }

    /**
     * Stops synthesis without touching the socket: the socket is gone or the job already failed.
     */
    void stop() {
        cancelled = true;
        buffer.cancel();
        AudioSource current = open;
        if (current != null) {
            current.abort();
        }
        Thread thread = producer;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void produce(Synthesizer synthesizer) {
        List<TtsProvider> candidates = new ArrayList<>();
        candidates.add(provider);
        candidates.addAll(synthesizer.providers().fallbackAfter(provider.name()));
        try {
            for (int i = 0; i < candidates.size() && !cancelled; i++) {
                TtsProvider candidate = candidates.get(i);
                // Voices and models are provider-specific: a fallback uses its own defaults.
                SynthesisRequest attempt = i == 0 ? request : new SynthesisRequest(
                        request.text(), null, null, request.format(), request.settings(), request.timestamps());
                try {
                    if (attempt(synthesizer, candidate, attempt)) {
                        return;
                    }
                } catch (ProviderException e) {
                    if (cancelled) {
                        return;
                    }
                    GatewayError error = new GatewayError(ErrorCode.of(e.kind()), e.getMessage(), e.retryable());
                    metrics.providerFailure(candidate.name(), error.code().wireName());
                    if (e.retryable() && !produced && i + 1 < candidates.size()) {
                        String next = candidates.get(i + 1).name();
                        LOGGER.info(() -> candidate.name() + " failed before the first byte (" + error.code().wireName()
                                + "); trying " + next);
                        continue;
                    }
                    buffer.fail(error);
                    return;
                }
            }
        } catch (InterruptedException e) {
            buffer.cancel();
        } catch (RuntimeException e) {
            if (!cancelled) {
                LOGGER.log(Level.WARNING, "Synthesis failed unexpectedly", e);
                buffer.fail(GatewayError.of(ErrorCode.SYNTHESIS_FAILED, "synthesis failed"));
            }
        }
    }

    /**
     * Streams one attempt into the buffer.
     *
     * @return true when the request is over (completed or cancelled)
     */
    private boolean attempt(Synthesizer synthesizer, TtsProvider candidate, SynthesisRequest attempt)
            throws ProviderException, InterruptedException {
        try (AudioSource opened = synthesizer.open(attempt, candidate, sessions)) {
            open = opened;
            source = opened.cached() ? "cache" : candidate.name();
            if (cancelled) {
                return true;
            }
            for (byte[] chunk = opened.read(); chunk != null; chunk = opened.read()) {
                if (!forwardAlignments(opened) || !buffer.put(chunk)) {
                    return true;
                }
                produced = true;
            }
            if (!forwardAlignments(opened)) {
                return true;
            }
            if (!cancelled) {
                opened.complete();
            }
            buffer.end();
            return true;
        } finally {
            open = null;
        }
    }

    private boolean forwardAlignments(AudioSource opened) throws InterruptedException {
        if (!request.timestamps()) {
            return true;
        }
        for (WordAlignment alignment = opened.nextAlignment(); alignment != null; alignment = opened.nextAlignment()) {
            if (!buffer.align(alignment)) {
                return false;
            }
            produced = true;
        }
        return true;
    }
}
