package io.ttsgateway.session.frames;

import java.util.Arrays;
import java.util.function.Supplier;

import io.helidon.common.buffers.DataReader;
import io.helidon.websocket.WsCloseException;

/**
 * The bytes of one connection as Helidon's frame reader pulls them: what arrives is checked by
 * {@link FrameRules} and handed on up to the first byte of the first frame that breaks a rule.
 * Helidon reads and answers every frame before that one; when it pulls again, it gets a
 * {@link WsCloseException} with the rule's code, which it answers as it answers the frames it
 * refuses itself: that close frame, then the connection is closed. The reader thread only.
 */
final class CheckedReader implements Supplier<byte[]> {

    private final DataReader source;
    private final FrameRules rules;

    /**
     * @param source         the connection's reader
     * @param maxFrameLength the largest payload of one frame
     */
    CheckedReader(DataReader source, long maxFrameLength) {
        this.source = source;
        this.rules = new FrameRules(maxFrameLength);
    }

    @Override
    public byte[] get() {
        refuseIfBroken();
        source.ensureAvailable(); // blocks; at the end of the stream it throws as Helidon expects
        byte[] bytes = source.readBytes(source.available());
        int before = rules.check(bytes);
        if (before == bytes.length) {
            return bytes;
        }
        if (before == 0) {
            refuseIfBroken();
        }
        return Arrays.copyOf(bytes, before);
    }

    private void refuseIfBroken() {
        FrameViolation violation = rules.violation();
        if (violation != null) {
            throw new WsCloseException(violation.reason(), violation.code());
        }
    }
}
