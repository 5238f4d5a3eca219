package io.ttsgateway.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.observe.trace.RequestTrace;
import io.ttsgateway.observe.trace.TraceParent;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.TtsProvider;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.session.options.RequestSpec;
import io.ttsgateway.session.producer.AudioSink;
import io.ttsgateway.session.producer.Producer;
import io.ttsgateway.session.producer.TextFeed;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ServerMessages.Status;
import io.ttsgateway.synthesis.ProviderSessions;
import io.ttsgateway.usage.RequestMeter;

/**
 * One whole-text request outside a WebSocket session (the HTTP speech API): the same producer as a
 * session's request (cache, identical requests in flight, fallback, provider timeouts, metrics),
 * run on the caller's own thread, which writes each chunk to its client as the provider's chunk
 * comes: no thread and no buffer between them. Close it when done: an unfinished synthesis is
 * stopped at the provider at once.
 */
public final class OneShotSynthesis implements AutoCloseable {

    /** Where the audio goes, called on the thread that runs the synthesis. */
    public interface Output {
        /**
         * The request's next audio, in the format asked for; the first call comes before anything
         * was sent, when {@link #source()} and {@link #fallbackFrom()} are known.
         *
         * @return false when the caller's client left: the synthesis stops
         */
        boolean audio(byte[] chunk);
    }

    private final SessionContext context;
    private final Producer producer;
    private final ProviderSessions sessions;
    private final RequestMeter meter;
    private final RequestTrace trace;
    private final long started = System.nanoTime();
    private Output output;
    private boolean firstSeen;
    private boolean audioSent;
    private Status ending;
    private GatewayError error;
    private volatile boolean cancelled;

    private OneShotSynthesis(SessionContext context, TtsProvider provider, RequestSpec spec, TextFeed text,
                             ProviderSessions sessions, RequestMeter meter, RequestTrace trace) {
        this.context = context;
        this.sessions = sessions;
        this.meter = meter;
        this.trace = trace;
        this.producer = new Producer(null, spec, text, new Sink(), provider, sessions, context.metrics(), trace,
                                     () -> cancelled);
        trace.describe(provider, spec.voice(), spec.format(), false);
    }

    /**
     * Prepares a request; {@link #run} synthesizes it.
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
     * @return the request, not started
     */
    public static OneShotSynthesis of(SessionContext context, TtsProvider provider, String text, AudioFormat format,
                                      String voice, String model, Double speed, RequestMeter meter,
                                      TraceParent caller) {
        Map<String, String> settings = new HashMap<>();
        if (speed != null) {
            settings.put(SynthesisRequest.SPEED, Double.toString(speed));
        }
        RequestTrace trace = caller.request("http", null);
        trace.characters(text.codePointCount(0, text.length()));
        return new OneShotSynthesis(context, provider, new RequestSpec(format, voice, model, settings, false),
                                    TextFeed.whole(text), new ProviderSessions(), meter, trace);
    }

    /**
     * Synthesizes on the calling thread, handing each chunk to {@code output} as it comes.
     *
     * @param audioOut where the audio goes
     * @return how the request ended
     */
    public Status run(Output audioOut) {
        this.output = audioOut;
        producer.runHere(context.synthesizer());
        if (ending == null) {
            finish(Status.CANCELLED, null); // the output refused audio
        }
        return ending;
    }

    /**
     * Why the request failed, for {@link Status#FAILED}.
     *
     * @return the error, or {@code null}
     */
    public GatewayError error() {
        return error;
    }

    /**
     * Whether any audio went to the output: a failure after it cannot change the answer's status.
     *
     * @return true once audio was given
     */
    public boolean audioSent() {
        return audioSent;
    }

    /**
     * Where the audio comes from: {@code cache}, or the provider that synthesizes it.
     *
     * @return the source
     */
    public String source() {
        return producer.source();
    }

    /**
     * The providers that failed before the fallback that made the audio.
     *
     * @return their names; empty when no fallback served
     */
    public List<String> fallbackFrom() {
        return producer.fallbackFrom();
    }

    private void finish(Status how, GatewayError failure) {
        if (ending == null) {
            ending = how;
            error = failure;
            context.metrics().requestFinished(how.wire(), producer.source());
            meter.finished(producer.source());
            trace.end(how.wire(), failure == null ? null : failure.code().wireName());
        }
    }

    /** Stops the synthesis unless it is over, and releases its provider sessions. */
    @Override
    public void close() {
        if (ending == null) {
            cancelled = true;
            producer.stop();
            finish(Status.CANCELLED, null);
        }
        sessions.close();
    }

    /** The producer's side, on the caller's thread. */
    private final class Sink implements AudioSink {
        @Override
        public boolean put(byte[] chunk) {
            if (!firstSeen) {
                firstSeen = true;
                context.metrics().firstByte(Duration.ofNanos(System.nanoTime() - started), producer.source());
                trace.firstByte(producer.source());
            }
            meter.audio(chunk.length);
            audioSent = true;
            if (!output.audio(chunk)) {
                cancelled = true;
            }
            return !cancelled;
        }

        @Override
        public boolean align(WordAlignment alignment) {
            return !cancelled; // the HTTP API has no word timings
        }

        @Override
        public void end() {
            finish(Status.COMPLETED, null);
        }

        @Override
        public void fail(GatewayError failure) {
            finish(Status.FAILED, failure);
        }

        @Override
        public void cancel() {
            Thread.currentThread().interrupt(); // the producer took the caller's interrupt; it is the caller's
            finish(Status.CANCELLED, null);
        }
    }
}
