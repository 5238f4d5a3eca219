/**
 * The ElevenLabs client.
 *
 * <p>Sessions use the multi-context WebSocket ({@code multi-stream-input}) rather than one
 * single-context socket per request: one socket per voice, model and output format carries up to
 * five requests at once, each in its own {@code context_id}, so consecutive requests skip the
 * handshake and a session's two overlapping requests share the socket. A request opens its context
 * with the voice settings, sends its whole text with {@code flush}, and closes the context; the
 * server then finishes the audio and sends the context's final message. A cancel closes the context
 * again and drops what still arrives for it.
 *
 * <p>A streamed utterance ({@link io.ttsgateway.provider.Continuation}) keeps one context from its
 * first segment to its end: each segment is sent with {@code flush}, and its stream ends when the
 * character timings of the audio ({@code sync_alignment}) have covered its text, since ElevenLabs
 * marks no flush in its answer. Requests may carry a speed (clamped to ElevenLabs' 0.7 to 1.2) and a
 * language ({@code language_code}, for the models that take it); the language is part of a socket's
 * URL, the speed of each context's voice settings.
 *
 * <p>HTTP streaming serves requests made without a session and models the WebSockets do not serve.
 * Failures map to {@link io.ttsgateway.provider.ProviderErrorKind} by ElevenLabs' short codes
 * ({@code invalid_api_key}, {@code quota_exceeded}, {@code too_many_concurrent_requests},
 * {@code voice_not_found}...), HTTP statuses and WebSocket close codes; the provider's free-text
 * messages never reach an exception or a log.
 */
package io.ttsgateway.elevenlabs;
