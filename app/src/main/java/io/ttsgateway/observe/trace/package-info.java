/**
 * OpenTelemetry traces of synthesis requests: a span per request (WebSocket or HTTP) with a child
 * span per provider attempted, exported over OTLP when an endpoint is set. The session code talks to
 * a {@link io.ttsgateway.observe.trace.RequestTrace}; without an endpoint every trace is
 * {@link io.ttsgateway.observe.trace.RequestTrace#NONE} and no SDK runs.
 */
package io.ttsgateway.observe.trace;
