/**
 * One WebSocket connection = one session.
 *
 * <p>Threading: Helidon's reader thread (one virtual thread per socket) only parses messages and
 * hands work on, so a cancel is read while audio streams. Each request synthesizes on its own
 * virtual thread into a bounded buffer; one delivery thread per busy session moves the audio of the
 * request at the head of the queue, in order, into the session's {@link io.ttsgateway.session.Outbound},
 * whose one writer thread is the only one that writes to the socket. The reader thread never waits
 * for the socket; a client that stops reading is cut after the write timeout.
 */
package io.ttsgateway.session;
