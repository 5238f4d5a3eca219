/**
 * The Cartesia client: one WebSocket ({@code /tts/websocket}) per gateway connection, opened on the
 * first request and shared by all of that connection's requests, each on a fresh
 * {@code context_id}. Audio arrives as base64 {@code chunk} messages and is pushed into the
 * request's {@link io.ttsgateway.provider.net.AudioInbox}; a closed stream cancels its context at
 * Cartesia; errors are per context, so the socket outlives a rejected request.
 */
package io.ttsgateway.cartesia;
