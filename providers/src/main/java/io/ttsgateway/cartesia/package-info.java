/**
 * The Cartesia client on the shared link core ({@link io.ttsgateway.provider.link}): each gateway
 * connection gets its own sockets to {@code /tts/websocket}; a request, or an utterance streamed in
 * segments, goes on a {@code context_id} of its own ({@link io.ttsgateway.cartesia.CartesiaContinuation},
 * its segments routed by {@link io.ttsgateway.cartesia.CartesiaTimeline}); what Cartesia's messages mean
 * is {@link io.ttsgateway.cartesia.CartesiaCodec}.
 */
package io.ttsgateway.cartesia;
