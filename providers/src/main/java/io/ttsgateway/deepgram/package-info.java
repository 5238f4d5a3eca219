/**
 * Deepgram Aura over its streaming WebSocket, {@code /v1/speak}: one request at a time per socket
 * ({@code Speak} messages, then {@code Flush}; the request ends at {@code Flushed}), sockets pooled
 * per client session and per output settings so consecutive requests skip the handshake, and
 * {@code Clear} to stop a request at the provider when the gateway cancels it.
 *
 * <p>Output settings (voice, encoding, sample rate) are fixed when a socket is opened, which is why
 * the pool is keyed by them. Formats Deepgram cannot produce (22.05 and 44.1 kHz PCM) are asked at the
 * next native rate above and resampled in the gateway.
 */
package io.ttsgateway.deepgram;
