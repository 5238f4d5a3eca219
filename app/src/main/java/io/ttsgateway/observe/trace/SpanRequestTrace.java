package io.ttsgateway.observe.trace;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.TtsProvider;

import static io.ttsgateway.observe.trace.TraceAttributes.ATTEMPT;
import static io.ttsgateway.observe.trace.TraceAttributes.CACHE;
import static io.ttsgateway.observe.trace.TraceAttributes.CHARACTERS;
import static io.ttsgateway.observe.trace.TraceAttributes.ERROR_CODE;
import static io.ttsgateway.observe.trace.TraceAttributes.ERROR_TYPE;
import static io.ttsgateway.observe.trace.TraceAttributes.FALLBACK_FROM;
import static io.ttsgateway.observe.trace.TraceAttributes.FIRST_BYTE_MS;
import static io.ttsgateway.observe.trace.TraceAttributes.FORMAT;
import static io.ttsgateway.observe.trace.TraceAttributes.OUTCOME;
import static io.ttsgateway.observe.trace.TraceAttributes.PROVIDER;
import static io.ttsgateway.observe.trace.TraceAttributes.PROVIDER_REQUESTED;
import static io.ttsgateway.observe.trace.TraceAttributes.SOURCE;
import static io.ttsgateway.observe.trace.TraceAttributes.STREAMED;
import static io.ttsgateway.observe.trace.TraceAttributes.VOICE;

/**
 * A request's span and the span of each provider it tries, as OpenTelemetry spans. Every time is
 * taken from {@link System#nanoTime()} against the request's start, so a provider span that starts
 * before it is known to be needed (the open of a cache miss) and the request's own span agree.
 * Its methods are called by the reader, synthesis and delivery threads of the request: synchronized.
 */
final class SpanRequestTrace implements RequestTrace {

    private final Tracer tracer;
    private final Span span;
    private final Context context;
    private final long startNanos;
    private final long startEpochNanos;
    private long characters;
    private int hits;
    private int misses;
    private int attempts;
    private Span attempt;
    private String attemptProvider;
    private boolean fellBack;
    private boolean firstByteSeen;
    private boolean ended;

    SpanRequestTrace(Tracer tracer, Context parent, String api, String requestId) {
        this.tracer = tracer;
        this.startNanos = System.nanoTime();
        Instant now = Instant.now();
        this.startEpochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        var builder = tracer.spanBuilder(TraceAttributes.REQUEST_SPAN)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(TraceAttributes.API, api);
        if (requestId != null) {
            builder.setAttribute(TraceAttributes.REQUEST_ID, requestId);
        }
        this.span = builder.startSpan();
        this.context = parent.with(span);
    }

    @Override
    public synchronized void describe(TtsProvider provider, String voice, AudioFormat format, boolean streamed) {
        span.setAttribute(PROVIDER_REQUESTED, provider.name());
        span.setAttribute(PROVIDER, provider.name());
        String spoken = voice != null ? voice : provider.defaultVoice();
        if (spoken != null) {
            span.setAttribute(VOICE, spoken);
        }
        span.setAttribute(FORMAT, format.toString());
        span.setAttribute(STREAMED, streamed);
    }

    @Override
    public synchronized void characters(long count) {
        characters += count;
    }

    @Override
    public synchronized void opened(String provider, boolean cached, long startedNanos) {
        if (ended) {
            return; // a cancelled request's synthesis winding down: nothing of it is traced after its end
        }
        span.setAttribute(PROVIDER, provider);
        if (cached) {
            hits++;
            return;
        }
        misses++;
        attemptAt(provider, startedNanos);
    }

    @Override
    public synchronized void providerFailed(String provider, String errorCode, long startedNanos) {
        if (ended) {
            return;
        }
        attemptAt(provider, startedNanos);
        endAttempt("failed", errorCode);
    }

    @Override
    public synchronized void fellBack(String from, String to) {
        if (ended) {
            return;
        }
        if (!fellBack) {
            fellBack = true;
            span.setAttribute(FALLBACK_FROM, from); // the provider asked for, kept through later fallbacks
        }
        span.setAttribute(PROVIDER, to);
    }

    @Override
    public synchronized void synthesisEnded(String outcome, String errorCode) {
        endAttempt(outcome, errorCode);
    }

    @Override
    public synchronized void firstByte(String source) {
        if (firstByteSeen || ended) {
            return;
        }
        firstByteSeen = true;
        long now = System.nanoTime();
        span.setAttribute(SOURCE, source);
        span.setAttribute(FIRST_BYTE_MS, (now - startNanos) / 1_000_000.0);
        span.addEvent("first_byte", epoch(now), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void end(String outcome, String errorCode) {
        if (ended) {
            return;
        }
        ended = true;
        endAttempt(outcome, errorCode);
        span.setAttribute(CHARACTERS, characters);
        if (hits + misses > 0) {
            span.setAttribute(CACHE, misses == 0 ? "hit" : hits == 0 ? "miss" : "partial");
        }
        markOutcome(span, outcome, errorCode);
        span.end(epoch(System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Starts the provider's attempt span unless it is the one open. */
    private void attemptAt(String provider, long startedNanos) {
        if (attempt != null && provider.equals(attemptProvider)) {
            return;
        }
        endAttempt("cancelled", null); // not expected: a provider change always comes after a failure
        attempts++;
        attemptProvider = provider;
        attempt = tracer.spanBuilder(TraceAttributes.PROVIDER_SPAN)
                .setParent(context)
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(epoch(Math.max(startedNanos, startNanos)), TimeUnit.NANOSECONDS)
                .setAttribute(PROVIDER, provider)
                .setAttribute(ATTEMPT, (long) attempts)
                .startSpan();
    }

    private void endAttempt(String outcome, String errorCode) {
        if (attempt == null) {
            return;
        }
        markOutcome(attempt, outcome, errorCode);
        attempt.end(epoch(System.nanoTime()), TimeUnit.NANOSECONDS);
        attempt = null;
        attemptProvider = null;
    }

    private static void markOutcome(Span target, String outcome, String errorCode) {
        target.setAttribute(OUTCOME, outcome);
        if (errorCode != null) {
            target.setAttribute(ERROR_CODE, errorCode);
            target.setAttribute(ERROR_TYPE, errorCode);
            target.setStatus(StatusCode.ERROR, errorCode);
        }
    }

    private long epoch(long nanoTime) {
        return startEpochNanos + (nanoTime - startNanos);
    }
}
