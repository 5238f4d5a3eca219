package io.ttsgateway.observe.trace;

import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;

import io.ttsgateway.config.ConfigurationException;
import io.ttsgateway.config.GatewayConfig;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Without {@code OTEL_EXPORTER_OTLP_ENDPOINT} there is nothing to pay for: no SDK, no header read,
 * one shared do-nothing trace for every request.
 */
class TracingOffTest {

    @Test
    void withoutAnEndpointEveryRequestGetsTheSharedNoOpTrace() {
        TraceSettings settings = GatewayConfig.from(GatewayConfig.load(Map.of())).tracing();
        assertThat(settings.endpoint().isPresent(), is(false));
        assertThat(settings.serviceName(), is("tts-gateway"));
        Tracing tracing = Tracing.start(settings);
        assertThat(tracing, sameInstance(Tracing.disabled()));

        WritableHeaders<?> headers = WritableHeaders.create();
        headers.set(HeaderNames.create("traceparent"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        TraceParent parent = tracing.parentOf(headers);
        assertThat(parent, sameInstance(TraceParent.NONE));
        assertThat(parent.request("websocket", "r1"), sameInstance(RequestTrace.NONE));
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsRefusedAtStart() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> GatewayConfig.from(
                GatewayConfig.load(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"))));
        assertThat(e.getMessage(), containsString("OTEL_EXPORTER_OTLP_ENDPOINT=collector:4317"));
    }
}
