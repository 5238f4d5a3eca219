package io.ttsgateway.loadgen.packets;

/**
 * A TCP segment that carried data.
 *
 * @param nanos    when it was captured, nanoseconds of the capture's clock
 * @param source   the sender's port
 * @param target   the receiver's port
 * @param length   the data's length on the wire
 * @param captured the data's first bytes, as many as the capture kept
 */
public record Segment(long nanos, int source, int target, int length, byte[] captured) {

    /**
     * Whether the captured data starts with {@code prefix}.
     *
     * @param prefix ASCII bytes
     * @return true if it does
     */
    public boolean startsWith(byte[] prefix) {
        if (captured.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (captured[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
