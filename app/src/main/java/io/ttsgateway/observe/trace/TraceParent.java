package io.ttsgateway.observe.trace;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * The caller's trace that a connection's or an HTTP request's synthesis requests belong to, from a
 * W3C {@code traceparent} header (of the WebSocket upgrade or of the HTTP request), and where their
 * spans are made. Kept opaque, so session code needs no OpenTelemetry type.
 */
public final class TraceParent {

    /** Tracing is off: every request's trace is {@link RequestTrace#NONE}. */
    public static final TraceParent NONE = new TraceParent(null, Context.root());

    private final Tracer tracer;
    private final Context context;

    TraceParent(Tracer tracer, Context context) {
        this.tracer = tracer;
        this.context = context;
    }

    /**
     * Starts the span of one synthesis request, a child of the caller's span when there is one.
     *
     * @param api       where the request came in: {@code websocket} or {@code http}
     * @param requestId the client's id of the request, or {@code null}
     * @return its trace, {@link RequestTrace#NONE} when tracing is off
     */
    public RequestTrace request(String api, String requestId) {
        if (tracer == null) {
            return RequestTrace.NONE;
        }
        return new SpanRequestTrace(tracer, context, api, requestId);
    }

    /** The caller's context, for spans made outside a {@link RequestTrace}. */
    Context context() {
        return context;
    }
}
