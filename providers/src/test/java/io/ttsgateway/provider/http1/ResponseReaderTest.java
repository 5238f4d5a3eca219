package io.ttsgateway.provider.http1;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link ResponseReader} on responses split across reads at every byte. */
class ResponseReaderTest {

    /** Hands out its bytes {@code step} at a time, as a socket might. */
    private static InputStream trickle(String response, int step) {
        byte[] all = response.getBytes(StandardCharsets.ISO_8859_1);
        return new ByteArrayInputStream(all) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static String body(ResponseReader reader) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer bytes = reader.body(); bytes != null; bytes = reader.body()) {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void chunkedBodiesWithExtensionsAndTrailersAtAnySplit() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: audio/pcm\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n";
        for (int step = 1; step <= response.length(); step++) {
            ResponseReader reader = new ResponseReader(trickle(response, step), 64);
            ResponseHead head = reader.head();

            assertThat(head.framing(), is(ResponseHead.Framing.CHUNKED));
            assertThat("split every " + step, body(reader), is("hello world"));
            assertThat(reader.reusable(), is(true));
        }
    }

    @Test
    void contentLengthBodiesAndTwoResponsesOnOneConnection() throws IOException {
        String one = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 7\r\n\r\n{\"e\":1}";
        String two = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc";
        ResponseReader reader = new ResponseReader(trickle(one + two, 5), 8);

        assertThat(reader.head().status(), is(401));
        assertThat(body(reader), is("{\"e\":1}"));
        reader.next();
        ResponseHead second = reader.head();
        assertThat(second.status(), is(200));
        assertThat(second.contentLength(), is(3L));
        assertThat(body(reader), is("abc"));
    }

    @Test
    void aBodyUntilCloseEndsWithTheConnectionAndIsNotReusable() throws IOException {
        ResponseReader reader = new ResponseReader(trickle("HTTP/1.0 200 OK\r\n\r\nraw audio", 4), 16);
        ResponseHead head = reader.head();

        assertThat(head.framing(), is(ResponseHead.Framing.UNTIL_CLOSE));
        assertThat(head.close(), is(true));
        assertThat(body(reader), is("raw audio"));
    }

    @Test
    void aConnectionCloseHeaderIsKept() throws IOException {
        ResponseReader reader = new ResponseReader(trickle("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 64), 64);

        assertThat(reader.head().close(), is(true));
        assertThat(reader.body() == null, is(true));
    }

    @Test
    void aCutBodyMalformedFramingAndHugeHeadsFail() {
        assertThrows(EOFException.class, () -> body(headed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")));
        assertThrows(EOFException.class, () -> body(headed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")));
        assertThrows(ProtocolException.class,
                     () -> body(headed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")));
        assertThrows(ProtocolException.class,
                     () -> body(headed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n")));
        assertThrows(ProtocolException.class, () -> headed("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(ProtocolException.class,
                     () -> headed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"));
        assertThrows(ProtocolException.class, () -> headed("HTTP/1.1 200 OK\r\nX: "
                + "a".repeat(ResponseReader.MAX_HEAD_BYTES) + "\r\n\r\n"));
        assertThrows(EOFException.class, () -> headed(""));
    }

    private static ResponseReader headed(String response) throws IOException {
        ResponseReader reader = new ResponseReader(trickle(response, 3), 32);
        reader.head();
        return reader;
    }
}
