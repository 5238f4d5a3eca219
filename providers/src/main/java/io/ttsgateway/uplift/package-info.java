/**
 * The Uplift AI client: text-to-speech over Uplift's plain-WebSocket multi-stream endpoint, one
 * WebSocket per gateway session on the provider-connection core, requests multiplexed by
 * {@code requestId}. Uplift produces 22.05 kHz PCM and 8 kHz mu-law; other formats are converted from the PCM.
 */
package io.ttsgateway.uplift;
