/**
 * A request's synthesis thread and the two buffers on either side of it: text in as segments
 * ({@link io.ttsgateway.session.producer.TextFeed}), audio out
 * ({@link io.ttsgateway.session.producer.ChunkBuffer}). The
 * {@link io.ttsgateway.session.producer.Producer} opens each segment ahead of its turn
 * ({@link io.ttsgateway.session.producer.SegmentOpener}), moves to another provider only as its
 * {@link io.ttsgateway.session.producer.FallbackPolicy} allows, and tells word timings in the
 * request's time ({@link io.ttsgateway.session.producer.Timeline}). Nothing here knows the socket.
 */
package io.ttsgateway.session.producer;
