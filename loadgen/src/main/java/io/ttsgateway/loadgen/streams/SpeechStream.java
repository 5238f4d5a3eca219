package io.ttsgateway.loadgen.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttsgateway.loadgen.Json;
import io.ttsgateway.loadgen.http.ResponseHead;
import io.ttsgateway.loadgen.http.ResponseReader;
import io.ttsgateway.loadgen.http.Sockets;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One {@code POST <base>/audio/speech} of OpenAI's protocol, PCM streamed, read as it arrives: the
 * same request whether the base URL is the provider stand-in (direct) or the gateway's
 * OpenAI-compatible API, so the difference between the two is the gateway.
 *
 * <p>Plain HTTP/1.1 on a blocking socket of its own per stream (the caller's virtual thread
 * blocks in it), read by a {@link ResponseReader} into one buffer per stream: the JDK's HTTP client
 * cost about 150 µs of CPU per 20 ms chunk, which at hundreds of streams on a small machine made
 * the load generator the most expensive process in the measurement.
 */
public final class SpeechStream {

    /** Longest a TCP connect may take; generous because a loaded server accepts slowly. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final int READ_BUFFER = 16 * 1024;

    private final String host;
    private final int port;
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
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
        String path = (baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath()).replaceAll("/+$", "");
        this.requestHead = "POST " + path + "/audio/speech HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
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
        byte[] request = request(text);
        Playout playout = new Playout(bufferNanos, bytesPerSecond);
        long sentAt = System.nanoTime();
        long deadline = sentAt + timeout.toNanos();
        long firstAt = -1;
        long bytes = 0;
        String failure = null;
        try (Socket socket = Sockets.open(host, port, connectTimeout, timeout)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            ResponseReader reader = new ResponseReader(socket.getInputStream(), new byte[READ_BUFFER]);
            ResponseHead head = reader.head();
            if (head.status() != 200) {
                failure = "http-" + head.status();
            } else {
                int n;
                while ((n = reader.body()) > 0) {
                    long at = reader.arrivedAt();
                    if (firstAt < 0) {
                        firstAt = at;
                    }
                    bytes += n;
                    playout.arrived(at, n);
                    if (at - deadline > 0) {
                        throw new SocketTimeoutException("stream longer than " + timeout);
                    }
                }
            }
        } catch (IOException e) {
            if (Thread.interrupted()) {
                // A blocked socket read ends with a closed socket when its virtual thread is interrupted.
                throw new InterruptedException("stream stopped");
            }
            failure = reason(e, firstAt >= 0);
        }
        long endedAt = System.nanoTime();
        if (failure == null && bytes == 0) {
            failure = "no-audio";
        }
        return new StreamResult(failure, firstAt < 0 ? -1 : firstAt - sentAt, endedAt - sentAt, bytes,
                playout.dryTimes(), playout.silentNanos());
    }

    private static String reason(IOException e, boolean hadAudio) {
        return switch (e) {
            case SocketTimeoutException t -> "timeout";
            case ConnectException c -> "refused";
            case EOFException eof -> hadAudio ? "closed-mid-body" : "closed-before-audio";
            case ProtocolException p -> "bad-http";
            default -> e.getClass().getSimpleName();
        };
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
