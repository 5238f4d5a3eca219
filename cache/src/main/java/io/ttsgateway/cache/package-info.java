/**
 * The content-addressed audio cache.
 *
 * <p>An entry is written to a temporary file while its audio streams to the client and becomes
 * visible only by an atomic rename when the synthesis completed; a cancelled or failed synthesis
 * deletes its temporary file. Every entry carries its length and a CRC-32C of its content, checked
 * before a single byte of it is served, so a truncated or corrupt file is a miss, never bad audio.
 * Total size is bounded; the least recently used entries go first.
 */
package io.ttsgateway.cache;
