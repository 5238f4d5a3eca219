package io.ttsgateway.loadgen.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response parse on its own, over a stream that hands out at most a given number of bytes
 * per read, so every boundary (inside the head, a chunk size line, a CRLF, a trailer) falls
 * between two reads in one of the cases.
 */
class ResponseReaderTest {

    private static final String OK_CHUNKED = "HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** Hands out at most {@code step} bytes a read. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int step;
        private int pos;
        int reads;

        Trickle(byte[] bytes, int step) {
            this.bytes = bytes;
            this.step = step;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads into its buffer");
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(step, len), bytes.length - pos);
            System.arraycopy(bytes, pos, into, off, n);
            pos += n;
            reads++;
            return n;
        }
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static byte[] audio(int n) {
        return new byte[n];
    }

    /** Reads the whole body: the bytes of each read that brought some. */
    private static List<Integer> body(ResponseReader reader) throws IOException {
        List<Integer> reads = new ArrayList<>();
        int n;
        while ((n = reader.body()) > 0) {
            reads.add(n);
        }
        assertEquals(-1, reader.body(), "the end stays the end");
        return reads;
    }

    private static int sum(List<Integer> reads) {
        return reads.stream().mapToInt(Integer::intValue).sum();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 4096})
    void countsChunkedBodiesWithExtensionsAndTrailers(int step) throws IOException {
        byte[] wire = bytes(OK_CHUNKED, "3c0\r\n", audio(960), "\r\n", "1F4;name=value\r\n", audio(500), "\r\n",
                "0\r\nX-Trailer: yes\r\n\r\n");
        ResponseReader reader = new ResponseReader(new Trickle(wire, step), new byte[64]);
        ResponseHead head = reader.head();
        assertEquals(new ResponseHead(200, ResponseHead.Framing.CHUNKED, -1), head);
        assertEquals(1460, sum(body(reader)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096})
    void countsContentLengthBodiesAndSkipsInterimResponses(int step) throws IOException {
        byte[] wire = bytes("HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n",
                audio(1000));
        ResponseReader reader = new ResponseReader(new Trickle(wire, step), new byte[256]);
        assertEquals(new ResponseHead(200, ResponseHead.Framing.LENGTH, 1000), reader.head());
        assertEquals(1000, sum(body(reader)));
    }

    @Test
    void aBodyWithoutLengthEndsWithTheConnection() throws IOException {
        String head = "HTTP/1.0 200 OK\r\n\r\n";
        ResponseReader reader = new ResponseReader(new Trickle(bytes(head, audio(300)), 100), new byte[256]);
        assertEquals(ResponseHead.Framing.UNTIL_CLOSE, reader.head().framing());
        assertEquals(List.of(100 - head.length(), 100, 100, head.length()), body(reader));
    }

    @Test
    void eachReadCountsOnlyItsBodyBytesAndBytesThatCameWithTheHeadCountFirst() throws IOException {
        // Reads of 1,000 bytes: the first brings the head, a size line and the start of the first chunk;
        // the second the rest of it, framing and most of the second chunk; the third the remainder.
        byte[] wire = bytes(OK_CHUNKED, "3c0\r\n", audio(960), "\r\n", "3c0\r\n", audio(960), "\r\n0\r\n\r\n");
        Trickle in = new Trickle(wire, 1000);
        ResponseReader reader = new ResponseReader(in, new byte[16 * 1024]);
        reader.head();
        assertEquals(1, in.reads);
        int head = OK_CHUNKED.length();
        assertEquals(List.of(1000 - head - 5, 1000 - 2 - 5, wire.length - 2000 - 7), body(reader));
        assertEquals(3, in.reads);
    }

    @Test
    void aConnectionClosedInsideTheBodyIsAnEndOfFile() throws IOException {
        ResponseReader lengthCut = new ResponseReader(new Trickle(bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 9600\r\n\r\n", audio(4800)), 4096), new byte[1024]);
        lengthCut.head();
        assertThrows(EOFException.class, () -> body(lengthCut));
        ResponseReader chunkCut = new ResponseReader(new Trickle(bytes(OK_CHUNKED, "3c0\r\n", audio(960), "\r\n"),
                4096), new byte[4096]);
        chunkCut.head();
        assertEquals(960, chunkCut.body());
        assertThrows(EOFException.class, chunkCut::body);
        ResponseReader headCut = new ResponseReader(new Trickle(bytes("HTTP/1.1 200 OK\r\nContent-"), 4096),
                new byte[1024]);
        assertThrows(EOFException.class, headCut::head);
    }

    @Test
    void malformedFramingIsAProtocolError() throws IOException {
        for (String bad : List.of("zz\r\n", "\r\n", "3\r\nabcdef\r\n", "FFFFFFFFFFFFFFFFFFFF\r\n")) {
            ResponseReader reader = new ResponseReader(new Trickle(bytes(OK_CHUNKED, bad), 4096), new byte[1024]);
            reader.head();
            assertThrows(ProtocolException.class, () -> body(reader), bad);
        }
        assertThrows(ProtocolException.class, () -> new ResponseReader(new Trickle(bytes("SSH-2.0-x\r\n\r\n"), 64),
                new byte[64]).head());
        assertThrows(ProtocolException.class, () -> new ResponseReader(new Trickle(bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"), 64), new byte[64]).head());
    }

    @Test
    void arrivalIsStampedWhenTheReadReturns() throws IOException {
        long before = System.nanoTime();
        ResponseReader reader = new ResponseReader(new Trickle(bytes(OK_CHUNKED, "1\r\nx\r\n0\r\n\r\n"), 4096),
                new byte[1024]);
        reader.head();
        assertEquals(1, reader.body());
        assertTrue(reader.arrivedAt() - before >= 0 && System.nanoTime() - reader.arrivedAt() >= 0);
    }
}
