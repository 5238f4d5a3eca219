package io.ttsgateway.session.frames;

/**
 * A rule of RFC 6455 a client frame broke, and the close code it gets.
 *
 * @param code   1002 (protocol error), 1007 (invalid data) or 1009 (too big)
 * @param reason the close frame's reason: short, it must fit a control frame
 */
public record FrameViolation(int code, String reason) {
}
