package io.ttsgateway.loadgen.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttsgateway.loadgen.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST <base>/audio/speech} of OpenAI's protocol, PCM streamed, read as it arrives: the
 * same request whether the base URL is the provider stand-in (direct) or the gateway's
 * OpenAI-compatible API, so the difference between the two is the gateway.
 *
 * <p>Plain HTTP/1.1, a connection per stream, every stream of a run driven by one thread with a
 * {@link Selector}: a stream costs a read per arrival and no thread of its own, so at hundreds of
 * real-time streams on the machine under test the load generator takes about half the CPU it took
 * with a virtual thread blocking in each socket, and the JDK's HTTP client cost about 150 µs per
 * 20 ms chunk before that. An arrival is stamped when the selector reports it.
 */
public final class SpeechStream {

    /** Longest a TCP connect may take; generous because a loaded server accepts slowly. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Longest the selector sleeps, so deadlines are checked at least this often. */
    private static final long TICK_MILLIS = 100;
    /** While a round's connections are opened, the ready ones are served after every this many. */
    private static final int CONNECTS_PER_POLL = 16;
    private static final int READ_BUFFER = 16 * 1024;

    private final InetSocketAddress address;
    private final String requestHead;
    private final String model;
    private final String voice;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final long bufferNanos;
    private final long bytesPerSecond;

    /**
     * Prepares streams to one endpoint.
     *
     * @param baseUrl        OpenAI-style base URL, ending in {@code /v1}; http only
     * @param apiKey         bearer token, or null for none
     * @param model          the {@code model} field
     * @param voice          the {@code voice} field
     * @param timeout        longest a stream may take, request to last byte
     * @param bufferNanos    the listener's jitter buffer
     * @param bytesPerSecond the audio's byte rate
     * @throws IllegalArgumentException when the URL is not http
     */
    public SpeechStream(URI baseUrl, String apiKey, String model, String voice, Duration timeout,
                        long bufferNanos, long bytesPerSecond) {
        if (!"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the streams client speaks plain HTTP/1.1 only, not " + baseUrl);
        }
        int port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
        this.address = new InetSocketAddress(baseUrl.getHost(), port);
        String path = (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath()).replaceAll("/+$", "");
        this.requestHead = "POST " + path + "/audio/speech HTTP/1.1\r\n"
                + "Host: " + baseUrl.getHost() + ":" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + (apiKey == null ? "" : "Authorization: Bearer " + apiKey + "\r\n");
        this.model = model;
        this.voice = voice;
        this.timeout = timeout;
        this.connectTimeout = timeout.compareTo(CONNECT_TIMEOUT) < 0 ? timeout : CONNECT_TIMEOUT;
        this.bufferNanos = bufferNanos;
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Streams one text to its end. Never throws for a failed stream: the failure is in the result.
     *
     * @param text the input (never printed)
     * @return the outcome
     * @throws InterruptedException when interrupted
     */
    public StreamResult run(String text) throws InterruptedException {
        return run(List.of(text)).getFirst();
    }

    /**
     * Starts a stream per text at once and follows them all to their ends on this thread. Never
     * throws for a failed stream: the failure is in its result.
     *
     * @param texts the inputs (never printed)
     * @return the outcomes, in the order of the texts
     * @throws InterruptedException when interrupted; the streams are closed then
     */
    public List<StreamResult> run(List<String> texts) throws InterruptedException {
        List<StreamConnection> streams = new ArrayList<>(texts.size());
        ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
        try (Selector selector = Selector.open()) {
            int open = 0;
            for (String text : texts) {
                StreamConnection stream = connect(selector, request(text));
                streams.add(stream);
                if (stream.result() == null) {
                    open++;
                }
                if (streams.size() % CONNECTS_PER_POLL == 0) {
                    // Streams connected so far send their requests now, not after the last connect.
                    selector.selectNow();
                    open -= ready(selector, readBuffer);
                }
            }
            long nextCheck = System.nanoTime();
            while (open > 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("streams stopped");
                }
                selector.select(TICK_MILLIS);
                open -= ready(selector, readBuffer);
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    nextCheck = now + TICK_MILLIS * 1_000_000;
                    for (StreamConnection stream : streams) {
                        if (stream.result() == null && stream.expireIf(now)) {
                            open--;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the streams' selector failed", e);
        } finally {
            streams.forEach(StreamConnection::close);
        }
        return streams.stream().map(StreamConnection::result).toList();
    }

    /** Serves the channels the last select found ready; returns how many streams ended. */
    private static int ready(Selector selector, ByteBuffer readBuffer) {
        long at = System.nanoTime();
        int ended = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            StreamConnection stream = (StreamConnection) key.attachment();
            if (stream.result() == null && stream.ready(key, readBuffer, at)) {
                ended++;
            }
        }
        selector.selectedKeys().clear();
        return ended;
    }

    /** Opens a stream's connection without waiting for it; a stream that cannot even start has its result. */
    private StreamConnection connect(Selector selector, byte[] request) {
        long sentAt = System.nanoTime();
        Playout playout = new Playout(bufferNanos, bytesPerSecond);
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            StreamConnection stream = new StreamConnection(channel, request, playout, sentAt,
                    sentAt + connectTimeout.toNanos(), sentAt + timeout.toNanos());
            boolean connected = channel.connect(address);
            channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, stream);
            return stream;
        } catch (IOException | RuntimeException e) { // e.g. refused at once, or a host that does not resolve
            StreamConnection failed = new StreamConnection(channel, request, playout, sentAt, sentAt, sentAt);
            failed.failed(e);
            return failed;
        }
    }

    private byte[] request(String text) {
        ObjectNode json = Json.newObject()
                .put("model", model)
                .put("voice", voice)
                .put("input", text)
                .put("response_format", "pcm");
        byte[] body = Json.write(json).getBytes(StandardCharsets.UTF_8);
        byte[] head = (requestHead + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }
}
