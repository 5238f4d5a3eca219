/**
 * The tts-gateway application: {@link io.ttsgateway.Main} starts it, {@link io.ttsgateway.Gateway}
 * wires the provider, cache, sessions, health and metrics into a Helidon web server.
 *
 * <p>Try it: start the gateway with no API key and connect to {@code ws://localhost:8002/api/v1/ws};
 * send {@code {"action":"synthesize","text":"Hello"}} and receive 16-bit mono PCM frames, then
 * {@code {"action":"done"}}.
 */
package io.ttsgateway;
