/**
 * The client's WebSocket frames, checked before Helidon reads them, and the end of each connection.
 *
 * <p>Helidon 4.5.0's reader lets through what RFC 6455 forbids: ping frames over 125 bytes and
 * fragmented control frames reach the listener, invalid UTF-8 becomes replacement characters, a
 * new message inside a fragmented one is taken, a close frame with a 1-byte payload fails with
 * 1011, and an unknown opcode ends the connection without a close frame. Frames it does refuse
 * (reserved bits, unmasked, too large) close the socket without telling the listener. So the
 * WebSocket upgrade is wrapped ({@link io.ttsgateway.session.frames.CheckedUpgradeProvider}, found by
 * Helidon's service loader ahead of its own): the bytes Helidon reads pass through
 * {@link io.ttsgateway.session.frames.FrameRules} first, and the first frame that breaks a rule is
 * never handed on; Helidon then closes the connection with that rule's code (1002, 1007 or 1009)
 * as it does for the frames it refuses itself. The wrapped connection tells whoever asked
 * ({@link io.ttsgateway.session.frames.CheckedContext#whenClosed}) when its reader ends, however it
 * ends, so a session lasts exactly as long as its socket.
 */
package io.ttsgateway.session.frames;
