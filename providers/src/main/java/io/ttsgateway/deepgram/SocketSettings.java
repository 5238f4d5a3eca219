package io.ttsgateway.deepgram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What Deepgram fixes for the life of a socket, and so the key of the socket pool.
 *
 * @param model  the model, which is also the voice ({@code aura-2-thalia-en})
 * @param output encoding and sample rate
 * @param speed  the {@code speed} parameter as sent, or null for Deepgram's default
 */
record SocketSettings(String model, DeepgramOutput output, String speed) {

    /**
     * The endpoint path with its query; the key travels in a header, never here.
     *
     * @return for example {@code /v1/speak?model=aura-2-thalia-en&encoding=linear16&sample_rate=24000}
     */
    String pathAndQuery() {
        return "/v1/speak?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&encoding=" + output.encoding()
                + "&sample_rate=" + output.sampleRate() + (speed == null ? "" : "&speed=" + speed);
    }

    /**
     * Describes the socket for logs; nothing here is secret.
     *
     * @return model, encoding, rate and speed
     */
    @Override
    public String toString() {
        return model + "/" + output.encoding() + "/" + output.sampleRate() + (speed == null ? "" : "/x" + speed);
    }
}
