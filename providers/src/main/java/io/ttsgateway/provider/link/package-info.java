/**
 * The provider-connection core: a pooled WebSocket to a provider that carries many requests at
 * once ({@link io.ttsgateway.provider.link.Link}), its lifecycle as one state machine
 * ({@link io.ttsgateway.provider.link.LinkState}), and the pool that picks, opens, retires and
 * replaces links ({@link io.ttsgateway.provider.link.LinkPool}). A vendor supplies only its
 * {@link io.ttsgateway.provider.link.LinkCodec}: how a cancel is written, how an inbound message
 * maps to {@link io.ttsgateway.provider.link.Frame}s, and how a close maps to an error.
 */
package io.ttsgateway.provider.link;
