package io.ttsgateway.loadgen.streams;

import io.ttsgateway.loadgen.http.ResponseParser;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One stream as {@link SpeechStream}'s selector thread drives it: connect, send the request, read
 * the response as it arrives, feeding the listener's {@link Playout}. Each step is a method the
 * thread calls when the channel is ready; none blocks. Used by that thread only.
 */
final class StreamConnection {

    private final SocketChannel channel;
    private final ByteBuffer request;
    private final Playout playout;
    private final ResponseParser parser = new ResponseParser();
    private final long sentAt;
    private final long connectDeadline;
    private final long deadline;
    private long firstAt = -1;
    private long bytes;
    private StreamResult result;

    StreamConnection(SocketChannel channel, byte[] request, Playout playout, long sentAt, long connectDeadline,
                     long deadline) {
        this.channel = channel;
        this.request = ByteBuffer.wrap(request);
        this.playout = playout;
        this.sentAt = sentAt;
        this.connectDeadline = connectDeadline;
        this.deadline = deadline;
    }

    /** The channel is ready for what the key's interest says; returns true when the stream has ended. */
    boolean ready(SelectionKey key, ByteBuffer readBuffer, long at) {
        try {
            if (key.isConnectable()) {
                if (!channel.finishConnect()) {
                    return false;
                }
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isWritable()) {
                channel.write(request);
                if (!request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) {
                return read(readBuffer, at);
            }
            return false;
        } catch (IOException e) {
            return fail(reason(e));
        }
    }

    /** Reads what arrived; arrival is stamped {@code at}, when the selector reported it. */
    private boolean read(ByteBuffer readBuffer, long at) throws IOException {
        readBuffer.clear();
        int n = channel.read(readBuffer);
        if (n < 0) {
            parser.end();
            return finish(at);
        }
        readBuffer.flip();
        if (parser.head() == null) {
            parser.feedHead(readBuffer);
            if (parser.head() == null) {
                return false;
            }
            if (parser.head().status() != 200) {
                return fail("http-" + parser.head().status());
            }
        }
        int data = parser.feed(readBuffer);
        if (data > 0) {
            if (firstAt < 0) {
                firstAt = at;
            }
            bytes += data;
            playout.arrived(at, data);
        }
        return parser.complete() && finish(at);
    }

    /** Ends the stream when its deadline passed; returns true when it did. */
    boolean expireIf(long now) {
        if (now - (channel.isConnectionPending() ? connectDeadline : deadline) < 0) {
            return false;
        }
        return fail("timeout");
    }

    private boolean finish(long at) {
        if (bytes == 0) {
            return fail("no-audio");
        }
        result = new StreamResult(null, firstAt - sentAt, at - sentAt, bytes, playout.dryTimes(), playout.silentNanos());
        close();
        return true;
    }

    private boolean fail(String why) {
        result = new StreamResult(why, firstAt < 0 ? -1 : firstAt - sentAt, System.nanoTime() - sentAt, bytes,
                playout.dryTimes(), playout.silentNanos());
        close();
        return true;
    }

    /** Ends the stream on a failure to start it. */
    void failed(Exception e) {
        fail(e instanceof IOException io ? reason(io) : e.getClass().getSimpleName());
    }

    /** The outcome, once the stream ended. */
    StreamResult result() {
        return result;
    }

    void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more is read from it
        }
    }

    private String reason(IOException e) {
        return switch (e) {
            case ConnectException c -> "refused";
            case EOFException eof -> firstAt >= 0 ? "closed-mid-body" : "closed-before-audio";
            case ProtocolException p -> "bad-http";
            default -> e.getClass().getSimpleName();
        };
    }
}
