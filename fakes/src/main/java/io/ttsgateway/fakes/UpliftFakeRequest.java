package io.ttsgateway.fakes;

/**
 * One {@code synthesize} message the fake Uplift AI server accepted, as it arrived.
 *
 * @param connection   which connection carried it, counting accepted connections from 1
 * @param requestId    the client's request id
 * @param text         the text to speak
 * @param voiceId      the voice asked for
 * @param outputFormat the wire format asked for, or {@code null} when omitted (the server then uses
 *                     {@code PCM_22050_16})
 * @param speed        the speaking rate asked for, or {@code null} when omitted
 */
public record UpliftFakeRequest(int connection, String requestId, String text, String voiceId, String outputFormat,
                                Double speed) {

    /**
     * Never prints the text, like the gateway's own request records.
     *
     * @return a description without the text
     */
    @Override
    public String toString() {
        return "UpliftFakeRequest[connection=" + connection + ", requestId=" + requestId + ", chars=" + text.length()
                + ", voiceId=" + voiceId + ", outputFormat=" + outputFormat + ", speed=" + speed + "]";
    }
}
