/**
 * Deepgram Aura over its streaming WebSocket, {@code /v1/speak}, on the provider-connection core: a
 * request, or each segment of a streamed text, is {@code Speak} then {@code Flush} and ends at its
 * {@code Flushed}; an utterance holds one socket; sockets are pooled per session and per
 * {@link io.ttsgateway.deepgram.SocketSettings} (voice, encoding, rate, speed), within Deepgram's 20
 * flushes and 2400 characters a minute per socket; {@code Clear} cancels.
 */
package io.ttsgateway.deepgram;
