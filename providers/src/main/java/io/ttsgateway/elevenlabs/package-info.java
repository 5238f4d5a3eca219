/**
 * The ElevenLabs client: sessions use the multi-context WebSocket on the provider-connection core, one
 * socket per voice, model, format and language carrying up to five requests, each in its own context;
 * an utterance keeps one context, its segments told apart by the audio's character timings. HTTP
 * streaming serves requests without a session and the models the WebSockets do not serve.
 */
package io.ttsgateway.elevenlabs;
