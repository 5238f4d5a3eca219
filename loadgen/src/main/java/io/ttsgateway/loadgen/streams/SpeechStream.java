package io.ttsgateway.loadgen.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttsgateway.loadgen.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One {@code POST <base>/audio/speech} of OpenAI's protocol, PCM streamed, read as it arrives: the
 * same request whether the base URL is the provider stand-in (direct) or the gateway's
 * OpenAI-compatible API, so the difference between the two is the gateway.
 */
public final class SpeechStream {

    private static final int READ_BUFFER = 16 * 1024;

    private final HttpClient client;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final String voice;
    private final Duration timeout;
    private final long bufferNanos;
    private final long bytesPerSecond;

    /**
     * Prepares streams to one endpoint.
     *
     * @param client         the shared client
     * @param baseUrl        OpenAI-style base URL, ending in {@code /v1}
     * @param apiKey         bearer token, or null for none
     * @param model          the {@code model} field
     * @param voice          the {@code voice} field
     * @param timeout        longest a stream may take, first byte to last
     * @param bufferNanos    the listener's jitter buffer
     * @param bytesPerSecond the audio's byte rate
     */
    public SpeechStream(HttpClient client, URI baseUrl, String apiKey, String model, String voice, Duration timeout,
                        long bufferNanos, long bytesPerSecond) {
        this.client = client;
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/audio/speech");
        this.apiKey = apiKey;
        this.model = model;
        this.voice = voice;
        this.timeout = timeout;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(text)));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        Playout playout = new Playout(bufferNanos, bytesPerSecond);
        long sentAt = System.nanoTime();
        long firstAt = -1;
        long bytes = 0;
        String failure = null;
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    failure = "http-" + response.statusCode();
                } else {
                    byte[] buffer = new byte[READ_BUFFER];
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        long at = System.nanoTime();
                        if (n == 0) {
                            continue;
                        }
                        if (firstAt < 0) {
                            firstAt = at;
                        }
                        bytes += n;
                        playout.arrived(at, n);
                    }
                }
            }
        } catch (IOException e) {
            failure = e.getClass().getSimpleName();
        }
        long endedAt = System.nanoTime();
        if (failure == null && bytes == 0) {
            failure = "no-audio";
        }
        return new StreamResult(failure, firstAt < 0 ? -1 : firstAt - sentAt, endedAt - sentAt, bytes,
                playout.stutters(), playout.silentNanos());
    }

    private String body(String text) {
        ObjectNode body = Json.newObject()
                .put("model", model)
                .put("voice", voice)
                .put("input", text)
                .put("response_format", "pcm");
        return Json.write(body);
    }
}
