/**
 * The flow of one synthesis behind the session: cache lookup; on a hit, the stored audio; on a
 * miss, the provider's stream teed into a cache writer that commits only when the stream completed.
 */
package io.ttsgateway.synthesis;
