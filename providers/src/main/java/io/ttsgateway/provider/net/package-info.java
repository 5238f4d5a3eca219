/**
 * What the cloud provider clients share: a WebSocket wrapper that delivers whole messages and
 * serializes sends, a queue that turns pushed audio into a pulled {@link io.ttsgateway.provider.AudioStream}
 * with first-byte and stall timeouts, endpoint derivation from base URLs, and the mapping of HTTP
 * statuses and network failures to {@link io.ttsgateway.provider.ProviderErrorKind}.
 */
package io.ttsgateway.provider.net;
