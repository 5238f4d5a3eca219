/**
 * OpenAI's speech API on the gateway: {@code POST /v1/audio/speech} (audio streamed as it is
 * synthesized, or as server-sent events), {@code GET /v1/models} and {@code GET /v1/audio/voices},
 * so OpenAI's SDKs and the tools built on them speak through the gateway's pipeline.
 */
package io.ttsgateway.speech;
