/**
 * The Cartesia client: one WebSocket ({@code /tts/websocket}) per gateway connection, opened on the
 * first request and shared by all of that connection's requests, each on a fresh
 * {@code context_id}. Audio arrives as base64 {@code chunk} messages and is pushed into the
 * request's {@link io.ttsgateway.provider.net.AudioInbox}; a closed stream cancels its context at
 * Cartesia; errors are per context, so the socket outlives a rejected request.
 *
 * <p>Streaming input ({@link io.ttsgateway.provider.Continuation}) uses Cartesia's continuations:
 * one context per utterance, each segment an input followed by a manual flush, its audio routed by
 * {@code flush_id} to the segment's own inbox and ended by {@code flush_done}
 * ({@link io.ttsgateway.cartesia.CartesiaContinuation}). The request options {@code language} and
 * {@code speed} map onto what the API version and model document
 * ({@link io.ttsgateway.cartesia.CartesiaLanguages}, {@link io.ttsgateway.cartesia.CartesiaSpeed}).
 */
package io.ttsgateway.cartesia;
