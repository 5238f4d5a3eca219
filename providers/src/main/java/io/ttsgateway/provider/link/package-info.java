/**
 * The provider-connection core: pooled WebSockets ({@link io.ttsgateway.provider.link.Link}) that carry
 * many requests each, picked, opened, retired and replaced by a {@link io.ttsgateway.provider.link.LinkPool};
 * a vendor supplies a {@link io.ttsgateway.provider.link.LinkCodec} and a Route per request.
 */
package io.ttsgateway.provider.link;
