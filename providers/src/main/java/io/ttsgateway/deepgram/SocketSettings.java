package io.ttsgateway.deepgram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What Deepgram fixes for the life of a socket: the voice and the output. Requests that differ in
 * any of these cannot share a socket, so this is also the key of a session's socket pool.
 *
 * @param model  the model, which is also the voice ({@code aura-2-thalia-en})
 * @param output encoding and sample rate
 * @param speed  the {@code speed} parameter as sent, or {@code null} for Deepgram's default
 */
record SocketSettings(String model, DeepgramOutput output, String speed) {

    /** Path of the streaming endpoint. */
    static final String PATH = "/v1/speak";

    /**
     * The endpoint path with its query. The key never goes here: it travels in a header.
     *
     * @return for example {@code /v1/speak?model=aura-2-thalia-en&encoding=linear16&sample_rate=24000}
     */
    String pathAndQuery() {
        StringBuilder path = new StringBuilder(PATH)
                .append("?model=").append(URLEncoder.encode(model, StandardCharsets.UTF_8))
                .append("&encoding=").append(output.encoding())
                .append("&sample_rate=").append(output.sampleRate());
        if (speed != null) {
            path.append("&speed=").append(speed);
        }
        return path.toString();
    }

    /**
     * Describes the socket for logs; nothing here is secret.
     *
     * @return model, encoding and rate
     */
    @Override
    public String toString() {
        return model + "/" + output.encoding() + "/" + output.sampleRate() + (speed == null ? "" : "/x" + speed);
    }
}
