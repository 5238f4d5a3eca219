/**
 * The shared cache tier on Redis: entries are the disk entry's bytes under
 * {@code tts:audio:v1:<key>}, written whole with one {@code SET ... PX ttl}; a Redis that fails or
 * is slow is skipped for a short backoff, so it never fails or holds up a request.
 */
package io.ttsgateway.cache.redis;
