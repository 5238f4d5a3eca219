package io.ttsgateway.session.frames;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.ttsgateway.loadgen.fuzz.RawClient;

import org.junit.jupiter.api.Test;

import static io.ttsgateway.loadgen.fuzz.RawClient.BINARY;
import static io.ttsgateway.loadgen.fuzz.RawClient.CLOSE;
import static io.ttsgateway.loadgen.fuzz.RawClient.CONTINUATION;
import static io.ttsgateway.loadgen.fuzz.RawClient.FIN;
import static io.ttsgateway.loadgen.fuzz.RawClient.PING;
import static io.ttsgateway.loadgen.fuzz.RawClient.PONG;
import static io.ttsgateway.loadgen.fuzz.RawClient.TEXT;
import static io.ttsgateway.loadgen.fuzz.RawClient.frame;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The rules on the byte stream: valid traffic passes whole however it is cut into reads, and a
 * frame that breaks a rule is found with everything before it handed on.
 */
class FrameRulesTest {

    private static final byte[] HELLO = "{\"action\":\"synthesize\",\"text\":\"héllo 😀\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void validTrafficPassesWholeInAnyCut() {
        byte[] stream = concat(frame(FIN | TEXT, HELLO),
                               frame(TEXT, Arrays.copyOf(HELLO, 33)), // cuts "é" in two
                               frame(FIN | PING, new byte[125]),
                               frame(FIN | CONTINUATION, Arrays.copyOfRange(HELLO, 33, HELLO.length)),
                               frame(BINARY, new byte[200]),
                               frame(FIN | CONTINUATION, new byte[70000]),
                               frame(FIN | PONG, new byte[0]),
                               frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
        for (int size : new int[] {1, 2, 7, 100, stream.length}) {
            FrameRules rules = new FrameRules(1 << 20);
            for (int i = 0; i < stream.length; i += size) {
                byte[] read = Arrays.copyOfRange(stream, i, Math.min(stream.length, i + size));
                assertThat("read of " + size + " at " + i, rules.check(read), is(read.length));
            }
            assertThat(rules.violation(), nullValue());
        }
    }

    @Test
    void whatComesBeforeTheBrokenFrameIsHandedOn() {
        byte[] good = frame(FIN | TEXT, HELLO);
        FrameRules rules = new FrameRules(1 << 20);
        assertThat(rules.check(concat(good, frame(FIN | PING, new byte[126]), good)), is(good.length));
        assertThat(rules.violation().code(), is(1002));
        assertThat(rules.check(good), is(0));
    }

    @Test
    void aFrameBrokenInItsPayloadIsFoundInALaterRead() {
        byte[] broken = frame(FIN | TEXT, new byte[] {'a', 'b', 'c', (byte) 0xC0, (byte) 0xAF});
        FrameRules rules = new FrameRules(1 << 20);
        assertThat(rules.check(Arrays.copyOf(broken, 8)), is(8));
        assertThat(rules.check(Arrays.copyOfRange(broken, 8, broken.length)), is(0));
        assertThat(rules.violation().code(), is(1007));
    }

    @Test
    void eachRule() {
        assertBroken(frame(FIN | 0x20 | TEXT, HELLO), 1002);
        assertBroken(frame(FIN | 0x7, HELLO), 1002);
        assertBroken(frame(FIN | 0xD, new byte[0]), 1002);
        assertBroken(frame(FIN | TEXT, false, HELLO), 1002);
        assertBroken(frame(FIN | PONG, new byte[126]), 1002);
        assertBroken(frame(CLOSE, new byte[0]), 1002);
        assertBroken(frame(FIN | CONTINUATION, HELLO), 1002);
        assertBroken(concat(frame(BINARY, new byte[1]), frame(FIN | BINARY, new byte[1])), 1002);
        assertBroken(frame(FIN | CLOSE, new byte[] {1}), 1002);
        assertBroken(frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xEE}), 1002); // 1006
        assertBroken(frame(FIN | CLOSE, new byte[] {0x0B, (byte) 0xB8, (byte) 0xC3}), 1007); // 3000, reason cut
        assertBroken(frame(FIN | TEXT, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}), 1007);
        assertBroken(frame(FIN | TEXT, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}), 1007); // overlong
        assertBroken(concat(frame(TEXT, new byte[] {'a', (byte) 0xE2}), frame(FIN | CONTINUATION, new byte[] {'b'})),
                     1007);
        assertBroken(RawClient.header(FIN | BINARY, 1025), 1009);
        assertBroken(RawClient.header(FIN | BINARY, Long.MAX_VALUE), 1009);
    }

    private static void assertBroken(byte[] stream, int code) {
        FrameRules rules = new FrameRules(1024);
        rules.check(stream);
        assertThat(rules.violation() == null ? "none" : rules.violation().toString(), rules.violation().code(), is(code));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
