package io.ttsgateway.audio.codec;

/**
 * Splits a byte stream into whole 16-bit samples, carrying an odd trailing byte to the next chunk.
 */
final class EvenBytes {

    private static final byte[] EMPTY = new byte[0];
    private static final int NONE = -1;

    private int carried = NONE;

    /**
     * Returns the whole samples of the carried byte followed by the chunk.
     *
     * @param chunk the next bytes
     * @return an even number of bytes, possibly none
     */
    byte[] align(byte[] chunk) {
        boolean hasCarry = carried != NONE;
        int total = (hasCarry ? 1 : 0) + chunk.length;
        if (total < 2) {
            if (!hasCarry && total == 1) {
                carried = chunk[0] & 0xFF;
            }
            return EMPTY;
        }
        if (!hasCarry && (total & 1) == 0) {
            return chunk; // already whole samples: the common case takes no copy
        }
        byte[] even = new byte[total & ~1];
        int pos = 0;
        if (hasCarry) {
            even[pos++] = (byte) carried;
        }
        System.arraycopy(chunk, 0, even, pos, even.length - pos);
        carried = (total & 1) == 1 ? chunk[chunk.length - 1] & 0xFF : NONE;
        return even;
    }
}
