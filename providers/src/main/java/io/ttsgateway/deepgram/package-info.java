/**
 * Deepgram Aura over its streaming WebSocket, {@code /v1/speak}: a request, or each segment of a
 * streamed text, is {@code Speak} messages then {@code Flush}, and ends at its {@code Flushed};
 * an utterance (a request, or all segments of a streamed text) holds one socket for its life; sockets
 * are pooled per client session and per output settings so consecutive requests skip the handshake;
 * {@code Clear} stops an utterance at the provider when the gateway cancels it.
 *
 * <p>Output settings (voice, encoding, sample rate, speed) are fixed when a socket is opened, which is
 * why the pool is keyed by them. Formats Deepgram cannot produce (22.05 and 44.1 kHz PCM) are asked at
 * the next native rate above and resampled in the gateway. Deepgram's limits per socket (20 flushes and
 * 2400 characters a minute) are counted on the gateway's side, and an utterance moves to another socket
 * before reaching them.
 */
package io.ttsgateway.deepgram;
