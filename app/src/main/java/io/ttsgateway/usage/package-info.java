/**
 * Usage metering per client key and provider: each request's characters, audio, and whether the
 * cache served it ({@link io.ttsgateway.usage.RequestMeter}), counted in meters and a
 * {@link io.ttsgateway.usage.UsageLedger} that keeps totals across restarts on disk or, shared by
 * replicas, in Redis; read by operators at {@code GET /api/v1/admin/usage}.
 */
package io.ttsgateway.usage;
