/**
 * The provider SPI: a small, blocking contract every speech engine implements.
 *
 * <p>A {@link io.ttsgateway.provider.TtsProvider} opens one {@link io.ttsgateway.provider.AudioStream}
 * per request; the caller pulls chunks from it on its own virtual thread until the stream ends,
 * fails with a {@link io.ttsgateway.provider.ProviderException}, or the thread is interrupted.
 * Closing the stream releases the provider's connection at once, from any thread.
 */
package io.ttsgateway.provider;
