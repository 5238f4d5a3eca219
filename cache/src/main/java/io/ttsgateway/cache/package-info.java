/**
 * The content-addressed audio cache.
 *
 * <p>An entry is written to a temporary file while its audio streams to the client and becomes
 * visible only by an atomic rename when the synthesis completed; a cancelled or failed synthesis
 * deletes its temporary file. Every entry carries its length and a CRC-32C of its content. A hit
 * checks the header and first chunk before serving anything (wrong there: a miss) and the checksum
 * as it streams, before the last chunk goes out; wrong there, the request fails and the entry is
 * deleted, so it is never served whole. Total size is bounded; the least recently used entries go
 * first. {@link io.ttsgateway.cache.AudioCache#disabled()} stands in when caching is off.
 */
package io.ttsgateway.cache;
