package io.ttsgateway.session.frames;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * past U+10FFFF), one byte at a time, so that a text message can be checked across its frames.
 */
final class Utf8Check {

    private static final int CONTINUATION_LOW = 0x80;
    private static final int CONTINUATION_HIGH = 0xBF;

    private int needed;
    private int low = CONTINUATION_LOW;
    private int high = CONTINUATION_HIGH;

    /**
     * Takes the next byte.
     *
     * @param b the byte, 0 to 255
     * @return false when the bytes so far cannot be UTF-8
     */
    boolean accept(int b) {
        if (needed > 0) {
            if (b < low || b > high) {
                return false;
            }
            low = CONTINUATION_LOW;
            high = CONTINUATION_HIGH;
            needed--;
            return true;
        }
        if (b < 0x80) {
            return true;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            low = b == 0xE0 ? 0xA0 : CONTINUATION_LOW;   // no overlong form
            high = b == 0xED ? 0x9F : CONTINUATION_HIGH; // no surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            low = b == 0xF0 ? 0x90 : CONTINUATION_LOW;   // no overlong form
            high = b == 0xF4 ? 0x8F : CONTINUATION_HIGH; // nothing past U+10FFFF
        } else {
            return false;
        }
        return true;
    }

    /**
     * Whether the bytes so far end on a character boundary.
     *
     * @return true when no character is left open
     */
    boolean complete() {
        return needed == 0;
    }

    /** Starts over, for the next message. */
    void reset() {
        needed = 0;
        low = CONTINUATION_LOW;
        high = CONTINUATION_HIGH;
    }
}
