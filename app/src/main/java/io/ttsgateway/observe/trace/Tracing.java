package io.ttsgateway.observe.trace;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * The gateway's traces: off (no SDK, every trace {@link RequestTrace#NONE}, no header read) unless
 * an OTLP endpoint is set; then OpenTelemetry's SDK, configured by its own autoconfiguration, so
 * every standard {@code OTEL_*} variable (headers, sampler, resource attributes, batch sizes)
 * works as OpenTelemetry documents it. The caller's trace comes from a W3C {@code traceparent}.
 */
public final class Tracing implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(Tracing.class.getName());
    private static final Tracing DISABLED = new Tracing(null, null);
    private static final String SCOPE = "io.ttsgateway";
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    /** Longest wait for the last spans to leave on shutdown. */
    private static final long SHUTDOWN_SECONDS = 5;

    private final Tracer tracer;
    private final OpenTelemetrySdk owned;

    private Tracing(Tracer tracer, OpenTelemetrySdk owned) {
        this.tracer = tracer;
        this.owned = owned;
    }

    /**
     * No traces.
     *
     * @return tracing that does nothing
     */
    public static Tracing disabled() {
        return DISABLED;
    }

    /**
     * Traces through an OpenTelemetry instance the caller owns (tests: an in-memory exporter).
     *
     * @param openTelemetry where spans go
     * @return tracing that reports to it
     */
    public static Tracing of(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry.getTracer(SCOPE), null);
    }

    /**
     * Starts the SDK when an endpoint is set: spans go over OTLP/HTTP in batches. The settings
     * given are defaults under the SDK's own environment variables and system properties.
     *
     * @param settings the endpoint and service name
     * @return the tracing, {@link #disabled()} without an endpoint
     * @throws IllegalArgumentException when the SDK refuses its configuration
     */
    public static Tracing start(TraceSettings settings) {
        if (settings.endpoint().isEmpty()) {
            return DISABLED;
        }
        String endpoint = settings.endpoint().get();
        Map<String, String> defaults = Map.of("otel.service.name", settings.serviceName(),
                                              "otel.exporter.otlp.endpoint", endpoint,
                                              // The JDK's HttpClient sends: OTLP/HTTP, not gRPC.
                                              "otel.exporter.otlp.protocol", "http/protobuf",
                                              "otel.traces.exporter", "otlp",
                                              "otel.metrics.exporter", "none",
                                              "otel.logs.exporter", "none");
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> defaults)
                    .disableShutdownHook() // the gateway closes it after the sessions' last spans
                    .build()
                    .getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        LOGGER.info(() -> "Traces go to " + endpoint + " over OTLP/HTTP as service " + settings.serviceName());
        return new Tracing(sdk.getTracer(SCOPE), sdk);
    }

    /**
     * The caller's trace named by a request's headers, and where the spans of its requests are made.
     *
     * @param headers the headers of the WebSocket upgrade or of an HTTP request
     * @return the parent of its request spans ({@link TraceParent#NONE} when tracing is off)
     */
    public TraceParent parentOf(Headers headers) {
        if (tracer == null) {
            return TraceParent.NONE;
        }
        Context context = headers.contains(TRACEPARENT)
                ? W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, HEADERS)
                : Context.root();
        return new TraceParent(tracer, context);
    }

    /**
     * The filter that gives each call of the HTTP APIs (other than speech) a span.
     *
     * @return the filter, empty when tracing is off
     */
    public Optional<Filter> apiSpans() {
        return tracer == null ? Optional.empty() : Optional.of(new ApiSpans(this, tracer));
    }

    /** Sends the spans still buffered and stops the SDK it started, waiting a few seconds at most. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Reads W3C trace headers from Helidon's headers (names are case-insensitive there). */
    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return carrier.stream().map(Header::name).toList();
        }

        @Override
        public String get(Headers carrier, String key) {
            return carrier == null ? null : carrier.first(HeaderNames.create(key)).orElse(null);
        }
    };
}
