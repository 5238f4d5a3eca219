package io.ttsgateway.session.frames;

import io.helidon.websocket.WsCloseCodes;

/**
 * The rules of RFC 6455 section 5 for the frames a client sends, checked on the byte stream as it
 * arrives, before any frame is parsed: reserved bits clear, a known opcode, masked, control frames
 * unfragmented and at most 125 bytes, continuations only inside a fragmented message and no new
 * message inside one, text well-formed UTF-8 across its frames, close frames with a valid code
 * and reason, and no frame above the size limit. One connection's reader thread only.
 */
final class FrameRules {

    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    /** Where in a frame the next byte is. */
    private enum Part { HEADER, MASK, PAYLOAD }

    /** The fragmented message under way. */
    private enum Message { NONE, TEXT, BINARY }

    private final long maxFrameLength;
    private final Utf8Check text = new Utf8Check();
    private final Utf8Check closeReason = new Utf8Check();
    private final int[] mask = new int[4];
    private Part part = Part.HEADER;
    private Message message = Message.NONE;
    private int headerIndex;
    private int lengthBytes;
    private int opcode;
    private boolean fin;
    private long remaining;
    private int payloadIndex;
    private int closeCode;
    private FrameViolation violation;

    /**
     * @param maxFrameLength the largest payload of one frame
     */
    FrameRules(long maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Checks the next bytes of the stream.
     *
     * @param bytes what arrived
     * @return how many of them come before the first frame that breaks a rule (0 when that frame
     *         began in earlier bytes), or {@code bytes.length} when none does
     */
    int check(byte[] bytes) {
        if (violation != null) {
            return 0;
        }
        int frameStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (part == Part.HEADER && headerIndex == 0) {
                frameStart = i;
            }
            violation = next(bytes[i] & 0xFF);
            if (violation != null) {
                return frameStart;
            }
        }
        return bytes.length;
    }

    /**
     * The rule broken, once {@link #check} found one.
     *
     * @return the violation, or null
     */
    FrameViolation violation() {
        return violation;
    }

    private FrameViolation next(int b) {
        return switch (part) {
            case HEADER -> header(b);
            case MASK -> mask(b);
            case PAYLOAD -> payload(b);
        };
    }

    private FrameViolation header(int b) {
        int index = headerIndex++;
        if (index == 0) {
            return firstByte(b);
        }
        if (index == 1) {
            return secondByte(b);
        }
        if (lengthBytes == 8 && index == 2 && b > 0x7F) {
            return protocolError("negative frame length");
        }
        remaining = (remaining << 8) | b;
        if (remaining > maxFrameLength) {
            return new FrameViolation(WsCloseCodes.TOO_BIG, "frame too large");
        }
        return index == 1 + lengthBytes ? lengthKnown() : null;
    }

    private FrameViolation firstByte(int b) {
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        if ((b & 0x70) != 0) {
            return protocolError("reserved bits set");
        }
        if (isControl()) {
            if (opcode > PONG) {
                return protocolError("unknown opcode " + opcode);
            }
            return fin ? null : protocolError("fragmented control frame");
        }
        if (opcode > BINARY) {
            return protocolError("unknown opcode " + opcode);
        }
        if (opcode == CONTINUATION && message == Message.NONE) {
            return protocolError("continuation outside a fragmented message");
        }
        if (opcode != CONTINUATION && message != Message.NONE) {
            return protocolError("new message inside a fragmented one");
        }
        if (opcode == TEXT) {
            text.reset();
        }
        return null;
    }

    private FrameViolation secondByte(int b) {
        if ((b & 0x80) == 0) {
            return protocolError("unmasked client frame");
        }
        int length = b & 0x7F;
        if (isControl() && length > MAX_CONTROL_PAYLOAD) {
            return protocolError("control frame over 125 bytes");
        }
        remaining = 0;
        lengthBytes = switch (length) {
            case 126 -> 2;
            case 127 -> 8;
            default -> 0;
        };
        if (lengthBytes > 0) {
            return null;
        }
        remaining = length;
        return remaining > maxFrameLength ? new FrameViolation(WsCloseCodes.TOO_BIG, "frame too large") : lengthKnown();
    }

    private FrameViolation lengthKnown() {
        part = Part.MASK;
        payloadIndex = 0;
        return null;
    }

    private FrameViolation mask(int b) {
        mask[payloadIndex++] = b;
        if (payloadIndex < mask.length) {
            return null;
        }
        part = Part.PAYLOAD;
        payloadIndex = 0;
        closeCode = 0;
        closeReason.reset();
        return remaining == 0 ? endFrame() : null;
    }

    private FrameViolation payload(int b) {
        int plain = b ^ mask[payloadIndex & 3];
        int index = payloadIndex++;
        remaining--;
        if (carriesText() && !text.accept(plain)) {
            return invalidData("invalid UTF-8 in a text message");
        }
        if (opcode == CLOSE) {
            if (index < 2) {
                closeCode = (closeCode << 8) | plain;
            } else if (!closeReason.accept(plain)) {
                return invalidData("invalid UTF-8 in a close reason");
            }
        }
        return remaining == 0 ? endFrame() : null;
    }

    private FrameViolation endFrame() {
        part = Part.HEADER;
        headerIndex = 0;
        if (opcode == CLOSE) {
            return closeFrame();
        }
        if (isControl()) {
            return null;
        }
        Message kind = switch (opcode) {
            case TEXT -> Message.TEXT;
            case BINARY -> Message.BINARY;
            default -> message;
        };
        if (!fin) {
            message = kind;
            return null;
        }
        message = Message.NONE;
        return kind == Message.TEXT && !text.complete() ? invalidData("text message ends inside a character") : null;
    }

    private FrameViolation closeFrame() {
        if (payloadIndex == 1) {
            return protocolError("close frame with a 1-byte payload");
        }
        if (payloadIndex >= 2 && !validCloseCode(closeCode)) {
            return protocolError("invalid close code " + closeCode);
        }
        return closeReason.complete() ? null : invalidData("invalid UTF-8 in a close reason");
    }

    /** Codes a peer may send (RFC 6455 7.4 and the IANA registry); 1005, 1006 and 1015 never go on the wire. */
    private static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006)
                || (code >= 3000 && code <= 4999);
    }

    private boolean isControl() {
        return (opcode & 0x8) != 0;
    }

    private boolean carriesText() {
        return opcode == TEXT || (opcode == CONTINUATION && message == Message.TEXT);
    }

    private static FrameViolation protocolError(String reason) {
        return new FrameViolation(WsCloseCodes.PROTOCOL_ERROR, reason);
    }

    private static FrameViolation invalidData(String reason) {
        return new FrameViolation(WsCloseCodes.NOT_CONSISTENT, reason);
    }
}
