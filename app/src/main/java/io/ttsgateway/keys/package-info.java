/**
 * Client keys: defined in {@code GATEWAY_API_KEYS} (no limits) or a key file reloaded when it
 * changes ({@link io.ttsgateway.keys.KeyFile}, {@link io.ttsgateway.keys.KeyFileWatcher}), kept as
 * SHA-256 digests only ({@link io.ttsgateway.keys.KeyHash}), each with a name, limits and rights;
 * a client's {@link io.ttsgateway.keys.ClientGrant} checks them and meters its requests.
 */
package io.ttsgateway.keys;
