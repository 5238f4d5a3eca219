package io.ttsgateway.observe.trace;

import java.util.Optional;

/**
 * Where traces go: the OTLP endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}; none: no traces) and
 * the service name they are reported under ({@code OTEL_SERVICE_NAME}).
 *
 * @param endpoint    base URL of an OTLP/HTTP collector, e.g. {@code http://collector:4318}
 * @param serviceName the {@code service.name} of the spans
 */
public record TraceSettings(Optional<String> endpoint, String serviceName) {

    /** No traces. */
    public static final TraceSettings OFF = new TraceSettings(Optional.empty(), "tts-gateway");
}
