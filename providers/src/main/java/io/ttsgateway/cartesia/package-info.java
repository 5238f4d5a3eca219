/**
 * The Cartesia client on the shared link core ({@link io.ttsgateway.provider.link}): each gateway
 * connection gets its own socket to {@code /tts/websocket}, every request a fresh {@code context_id}
 * ({@link io.ttsgateway.cartesia.CartesiaContext}), every streamed utterance one context whose
 * segments are inputs with manual flushes ({@link io.ttsgateway.cartesia.CartesiaContinuation}).
 * {@link io.ttsgateway.cartesia.CartesiaCodec} is the wire format both ways.
 */
package io.ttsgateway.cartesia;
