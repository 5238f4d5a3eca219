/**
 * OpenAI's speech API as a provider: one HTTP/1.1 {@code POST /v1/audio/speech} per request, the
 * raw 24 kHz PCM response body streamed to the reader as it arrives, kept-alive connections reused
 * across requests, and a request stopped at OpenAI by closing its connection. No word timings and no
 * incremental text: OpenAI offers neither on this endpoint.
 */
package io.ttsgateway.openai;
