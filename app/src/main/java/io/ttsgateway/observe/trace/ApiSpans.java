package io.ttsgateway.observe.trace;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * A span per call of the HTTP APIs other than speech ({@code /v1/models}, {@code /v1/audio/voices},
 * {@code /api/v1/providers}, {@code /api/v1/admin/usage}), named by method and path, with OpenTelemetry's
 * HTTP attributes. A speech request has its synthesis span instead ({@link RequestTrace}); health,
 * metrics and the playground's files are not traced. Registered only when tracing is on.
 */
final class ApiSpans implements Filter {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final String SPEECH = "/v1/audio/speech";
    private static final int SERVER_ERROR = 500;

    private final Tracing tracing;
    private final Tracer tracer;

    ApiSpans(Tracing tracing, Tracer tracer) {
        this.tracing = tracing;
        this.tracer = tracer;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!(path.startsWith("/v1/") || path.startsWith("/api/")) || path.equals(SPEECH)) {
            chain.proceed();
            return;
        }
        String method = req.prologue().method().text();
        Span span = tracer.spanBuilder(method + " " + path)
                .setParent(tracing.parentOf(req.headers()).context())
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method)
                .setAttribute(PATH, path)
                .startSpan();
        try {
            chain.proceed();
        } finally {
            int status = res.status().code();
            span.setAttribute(STATUS, (long) status);
            if (status >= SERVER_ERROR) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }
}
