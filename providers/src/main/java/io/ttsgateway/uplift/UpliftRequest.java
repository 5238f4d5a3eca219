package io.ttsgateway.uplift;

import io.ttsgateway.audio.AudioEncoding;
import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.uplift.UpliftSettings.NAME;

/**
 * What one {@code synthesize} asks for ({@code speed} null: Uplift's default), checked against Uplift's
 * limits before anything is sent. Speeds are clamped to Uplift's range; the language is ignored.
 */
record UpliftRequest(String text, String voiceId, Format format, Double speed) {

    /** Longest text the WebSocket endpoint accepts (the REST endpoints allow only 2,500). */
    static final int MAX_TEXT_LENGTH = 10_000;
    /** Uplift's speaking rates (1.0 is normal); rates outside are sent at the nearest. */
    static final double MIN_SPEED = 0.5;
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
        return new UpliftRequest(request.text(), voice, Format.closestTo(request.format()),
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
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " " + why);
    }

    /** Never prints the text: requests end up in logs and exceptions, spoken text must not. */
    @Override
    public String toString() {
        return "UpliftRequest[chars=" + text.length() + ", voiceId=" + voiceId + ", format=" + format + ", speed="
                + speed + "]";
    }

    /** The raw output formats asked for: they stream chunk by chunk, with no container to strip. */
    enum Format {
        /** Signed 16-bit little-endian PCM at 22,050 Hz, the service's default. */
        PCM_22050_16,
        /** G.711 mu-law at 8 kHz. */
        ULAW_8000_8;

        /** @return the gateway's name for the bytes of this format */
        AudioFormat audioFormat() {
            return this == ULAW_8000_8 ? new AudioFormat(AudioEncoding.ULAW, AudioFormat.G711_RATE)
                    : AudioFormat.pcm(22050);
        }

        /** The format that gives {@code wanted} with the least conversion: mu-law as is, all else from the PCM. */
        static Format closestTo(AudioFormat wanted) {
            return wanted.equals(ULAW_8000_8.audioFormat()) ? ULAW_8000_8 : PCM_22050_16;
        }
    }
}
