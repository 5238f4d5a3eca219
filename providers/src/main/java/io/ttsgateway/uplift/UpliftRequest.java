package io.ttsgateway.uplift;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * What one {@code synthesize} message asks for ({@code speed} null for Uplift's default), checked
 * against Uplift's documented limits before anything is sent, so a request Uplift would refuse fails
 * at once. The gateway's wider speed range (0.25 to 4.0) is clamped to Uplift's. The language is
 * ignored: Uplift has no such parameter, a voice speaks its own.
 */
record UpliftRequest(String text, String voiceId, UpliftFormat format, Double speed) {

    /** Longest text the WebSocket endpoint accepts (the REST endpoints allow only 2,500). */
    static final int MAX_TEXT_LENGTH = 10_000;
    /** Slowest speaking rate Uplift accepts (1.0 is normal); slower requests are sent at this rate. */
    static final double MIN_SPEED = 0.5;
    /** Fastest speaking rate Uplift accepts; faster requests are sent at this rate. */
    static final double MAX_SPEED = 2.0;

    /** Translates a gateway request; {@code INVALID_REQUEST} when Uplift would refuse it. */
    static UpliftRequest of(SynthesisRequest request, String defaultVoice) throws ProviderException {
        if (request.text().length() > MAX_TEXT_LENGTH) {
            throw invalid("text is " + request.text().length() + " characters, over the " + MAX_TEXT_LENGTH
                                  + " Uplift accepts");
        }
        if (request.format().encoding() == AudioEncoding.WAV) {
            // The gateway frames WAV itself around PCM; a provider never streams a header.
            throw invalid("streams raw audio; ask for pcm and frame WAV in the gateway");
        }
        String voice = request.voice() != null && !request.voice().isBlank() ? request.voice() : defaultVoice;
        if (voice == null || voice.isBlank()) {
            throw invalid("needs a voice and none is configured");
        }
        return new UpliftRequest(request.text(), voice, UpliftFormat.closestTo(request.format()),
                                 speed(request));
    }

    /** The speed to send, or {@code null} to leave it to Uplift. */
    private static Double speed(SynthesisRequest request) throws ProviderException {
        String value = request.settings().get(SynthesisRequest.SPEED);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double speed = Double.parseDouble(value.strip());
            if (!Double.isNaN(speed)) {
                return Math.clamp(speed, MIN_SPEED, MAX_SPEED);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("speed must be a number from " + MIN_SPEED + " to " + MAX_SPEED);
    }

    private static ProviderException invalid(String why) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, UpliftProvider.NAME + " " + why);
    }

    /** Never prints the text: requests end up in logs and exceptions, spoken text must not. */
    @Override
    public String toString() {
        return "UpliftRequest[chars=" + text.length() + ", voiceId=" + voiceId + ", format=" + format + ", speed="
                + speed + "]";
    }
}
