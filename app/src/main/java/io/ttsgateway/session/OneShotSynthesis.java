package io.ttsgateway.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.ProviderFailureLog;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.observe.trace.TraceParent;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.producer.ChunkBuffer;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.usage.RequestMeter;

/**
 * One whole-text request outside a WebSocket session (the HTTP speech API): the same producer as a
 * session's request (cache, identical requests in flight, fallback, provider timeouts, metrics),
 * pulled by the caller's own thread instead of a delivery thread. Close it when done: an unfinished
 * synthesis is stopped at the provider at once.
 */
public final class OneShotSynthesis implements AutoCloseable {

    private final SessionContext context;
    private final SynthesisJob job;
    private final ProviderSessions sessions;
    private final long started = System.nanoTime();
    private boolean firstSeen;
    private String status;

    private OneShotSynthesis(SessionContext context, SynthesisJob job, ProviderSessions sessions) {
        this.context = context;
        this.job = job;
        this.sessions = sessions;
    }

    /**
     * Starts synthesizing on a virtual thread of its own.
     *
     * @param context  what sessions share
     * @param provider the provider to ask first (its fallbacks follow)
     * @param text     what to say
     * @param format   the format the caller wants
     * @param voice    the voice, or {@code null} for the provider's default
     * @param model    the model, or {@code null} for the provider's default
     * @param speed    the speaking rate, or {@code null}
     * @param meter    counts what the request uses, in {@code format}
     * @param caller   the caller's trace, from the HTTP request's headers
     * @return the running synthesis
     */
    public static OneShotSynthesis start(SessionContext context, TtsProvider provider, String text,
                                         AudioFormat format, String voice, String model, Double speed,
                                         RequestMeter meter, TraceParent caller) {
        Map<String, String> settings = new HashMap<>();
        if (speed != null) {
            settings.put(SynthesisRequest.SPEED, Double.toString(speed));
        }
        ProviderSessions sessions = new ProviderSessions();
        RequestTrace trace = caller.request("http", null);
        trace.characters(text.codePointCount(0, text.length()));
        SynthesisJob job = new SynthesisJob(null, new RequestSpec(format, voice, model, settings, false),
                                            TextFeed.whole(text), provider, sessions, context.metrics(),
                                            context.limits().requestBufferBytes(), meter, trace);
        job.start(context.synthesizer());
        return new OneShotSynthesis(context, job, sessions);
    }

    /**
     * Blocks until the next chunk of audio.
     *
     * @return the chunk in the requested format, or {@code null} once the audio is complete
     * @throws SynthesisFailedException when the request failed (nothing more will come)
     * @throws InterruptedException     when the calling thread was interrupted
     */
    public byte[] read() throws SynthesisFailedException, InterruptedException {
        long stallNanos = context.limits().stallTimeout().toNanos();
        while (true) {
            ChunkBuffer.Event event = job.buffer().take(stallNanos);
            switch (event.kind()) {
            case AUDIO -> {
                if (!firstSeen) {
                    firstSeen = true;
                    context.metrics().firstByte(Duration.ofNanos(System.nanoTime() - started), job.source());
                    job.trace().firstByte(job.source());
                }
                job.meter().audio(event.chunk().length);
                return event.chunk();
            }
            case ALIGNMENT -> {
                // The HTTP API has no word timings.
            }
            case END -> {
                finish("completed", null);
                return null;
            }
            case FAILED -> throw failed(event.error());
            case CANCELLED -> {
                finish("cancelled", null);
                return null;
            }
            case STALLED -> {
                job.stop();
                GatewayError error = GatewayError.stalled(stallNanos);
                ProviderFailureLog.failed(job.source(), error.code().wireName(), null, started, error.message());
                throw failed(error);
            }
            default -> throw new IllegalStateException("unknown event " + event.kind());
            }
        }
    }

    /**
     * Where the audio comes from: {@code cache}, or the provider that synthesizes it.
     *
     * @return the source
     */
    public String source() {
        return job.source();
    }

    /**
     * The providers that failed before the fallback that made the audio.
     *
     * @return their names; empty when no fallback served
     */
    public List<String> fallbackFrom() {
        return job.fallbackFrom();
    }

    private SynthesisFailedException failed(GatewayError error) {
        finish("failed", error.code().wireName());
        return new SynthesisFailedException(error);
    }

    private void finish(String how, String errorCode) {
        if (status == null) {
            status = how;
            context.metrics().requestFinished(how, job.source());
            job.meter().finished(job.source());
            job.trace().end(how, errorCode);
        }
    }

    /** Stops the synthesis unless it is over (the client left), and releases its provider sessions. */
    @Override
    public void close() {
        if (status == null) {
            job.stop();
            finish("cancelled", null);
        }
        sessions.close();
    }
}
