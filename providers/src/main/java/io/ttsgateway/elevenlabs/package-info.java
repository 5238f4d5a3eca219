/**
 * The ElevenLabs client. Sessions use the multi-context WebSocket ({@code multi-stream-input}) on
 * the shared provider-connection core ({@link io.ttsgateway.provider.link}): one socket per voice,
 * model, output format and language carries up to five requests, each in its own {@code context_id}
 * (init with the voice settings, the text with {@code flush}, {@code close_context}); a streamed
 * utterance keeps one context, its segments told apart by the character timings of the audio. HTTP
 * streaming serves requests without a session and the models the WebSockets do not serve. Failures
 * map by ElevenLabs' short codes, HTTP statuses and close codes; its free text never reaches a log.
 */
package io.ttsgateway.elevenlabs;
