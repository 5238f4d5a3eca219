/**
 * One WebSocket connection = one session.
 *
 * <p>Threading: Helidon's reader thread (one virtual thread per socket) only parses messages and
 * hands work on, so a cancel is read while audio streams. Each request synthesizes on its own
 * virtual thread into a bounded buffer; one delivery thread per busy session sends the audio of the
 * request at the head of the queue, in order. Every write to the socket goes through
 * {@link io.ttsgateway.session.SocketWriter}'s lock: Helidon 4.5 serializes single sends, but the
 * order of frames, the cancel rule and the timeout on a stuck client are ours to keep.
 */
package io.ttsgateway.session;
