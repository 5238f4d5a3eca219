/**
 * Health and metrics: readiness follows the provider's warm-up and the drain on shutdown; metrics
 * are served by Helidon at {@code /observe/metrics} in Prometheus format.
 */
package io.ttsgateway.observe;
