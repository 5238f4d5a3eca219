/**
 * The Uplift AI client: text-to-speech over Uplift's plain-WebSocket multi-stream endpoint
 * ({@code /v1/text-to-speech/multi-stream}, the transport of Uplift's own SDKs).
 *
 * <p>One WebSocket per gateway session carries that session's requests, multiplexed by a
 * {@code requestId} per request; a request is cancelled at Uplift with a {@code cancel} message.
 * Uplift produces 22.05 kHz PCM and 8 kHz mu-law; every other format the gateway speaks is
 * converted from the PCM.
 */
package io.ttsgateway.uplift;
