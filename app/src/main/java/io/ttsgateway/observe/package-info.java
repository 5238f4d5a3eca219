/**
 * Health, metrics and logs: readiness follows the provider's warm-up and the drain on shutdown; metrics
 * are served by Helidon at {@code /observe/metrics} in Prometheus format; the log is text or JSON lines
 * ({@link io.ttsgateway.observe.LogFormat}), with a WARNING per provider failure
 * ({@link io.ttsgateway.observe.ProviderFailureLog}); traces go over OTLP when an endpoint is set
 * ({@link io.ttsgateway.observe.trace}).
 */
package io.ttsgateway.observe;
