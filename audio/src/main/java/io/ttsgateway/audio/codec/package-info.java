/**
 * Streaming encoders for OpenAI's {@code response_format}: MP3 (jump3r), Opus in Ogg (Concentus),
 * FLAC (javaFlacEncoder), WAV and raw PCM. Each takes 16-bit little-endian mono PCM in chunks of
 * any size and returns bytes that, appended in order, form a file a player can start on at once.
 */
package io.ttsgateway.audio.codec;
