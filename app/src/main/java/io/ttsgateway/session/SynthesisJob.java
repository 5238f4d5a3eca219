package io.ttsgateway.session;

import java.util.List;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.GatewayMetrics;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.producer.ChunkBuffer;
import io.ttsgateway.session.producer.Producer;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.synthesis.AudioSource;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.synthesis.Synthesizer;
import io.ttsgateway.usage.RequestMeter;

/**
 * One request of a session: its id and format, its text ({@link TextFeed}), the audio its
 * {@link Producer} makes of it ({@link ChunkBuffer}), and whether it was cancelled. A cancel is
 * marked under the {@link Outbound}'s lock, so no frame of the request is written after it; then
 * {@link #stop()} ends its synthesis.
 */
final class SynthesisJob implements Outbound.Owner {

    private final String requestId;
    private final RequestSpec spec;
    private final TextFeed feed;
    private final ChunkBuffer buffer;
    private final Producer producer;
    private final RequestMeter meter;
    private final RequestTrace trace;
    private final TtsProvider provider;
    private volatile boolean cancelled;
    /** Whether the delivery thread serves the audio from the cache itself ({@link #openCached}). */
    private volatile boolean servedFromCache;

    /** A request nobody meters or traces. */
    SynthesisJob(String requestId, RequestSpec spec, TextFeed feed, TtsProvider provider, ProviderSessions sessions,
                 GatewayMetrics metrics, long bufferBytes) {
        this(requestId, spec, feed, provider, sessions, metrics, bufferBytes, RequestMeter.NONE, RequestTrace.NONE);
    }

    SynthesisJob(String requestId, RequestSpec spec, TextFeed feed, TtsProvider provider, ProviderSessions sessions,
                 GatewayMetrics metrics, long bufferBytes, RequestMeter meter, RequestTrace trace) {
        this.requestId = requestId;
        this.meter = meter;
        this.trace = trace;
        this.provider = provider;
        this.spec = spec;
        this.feed = feed;
        this.buffer = new ChunkBuffer(bufferBytes);
        this.producer = new Producer(requestId, spec, feed, buffer, provider, sessions, metrics, trace,
                                     this::isCancelled);
        trace.describe(provider, spec.voice(), spec.format(), feed.streamed());
    }

    /**
     * The client's id for this request.
     *
     * @return the id, or {@code null} when the client gave none
     */
    String requestId() {
        return requestId;
    }

    /**
     * The format the client hears.
     *
     * @return the client's format
     */
    AudioFormat format() {
        return spec.format();
    }

    TextFeed feed() {
        return feed;
    }

    /**
     * What the request used, counted for its key.
     *
     * @return the meter
     */
    RequestMeter meter() {
        return meter;
    }

    /**
     * The request's span, if it is traced.
     *
     * @return its trace
     */
    RequestTrace trace() {
        return trace;
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
        return servedFromCache ? "cache" : producer.source();
    }

    /**
     * The providers that failed before the fallback that made the audio.
     *
     * @return their names; empty when no fallback served
     */
    List<String> fallbackFrom() {
        return producer.fallbackFrom();
    }

    /** The provider the request asked for, which a cache hit is counted against when it fails. */
    String providerName() {
        return provider.name();
    }

    boolean started() {
        return producer.started();
    }

    /**
     * Whether the request may be a cache hit the delivery thread serves itself: a whole text
     * without word timings (the cache holds audio only).
     *
     * @return true when {@link #openCached} may find it
     */
    boolean cacheable() {
        return !feed.streamed() && !spec.timestamps();
    }

    /**
     * Opens the request's audio from the cache, on the calling thread, when it is {@link #cacheable()},
     * not started nor cancelled, and a hit at its provider. The caller serves and closes it; the
     * synthesis thread is then never started.
     *
     * @param synthesizer looks it up
     * @return the cached audio, or {@code null}
     */
    AudioSource openCached(Synthesizer synthesizer) {
        String text = feed.wholeText();
        if (!cacheable() || text == null || started() || cancelled) {
            return null;
        }
        long at = System.nanoTime();
        AudioSource hit = synthesizer.openCached(spec.request(text, false), provider);
        if (hit != null) {
            servedFromCache = true;
            trace.opened(provider.name(), true, at);
        }
        return hit;
    }

    /**
     * Starts synthesis on a new virtual thread. Called by the {@link RequestQueue} under its lock.
     */
    void start(Synthesizer synthesizer) {
        producer.start(synthesizer);
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
        producer.stop();
    }
}
