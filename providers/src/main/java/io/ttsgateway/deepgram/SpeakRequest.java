package io.ttsgateway.deepgram;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * A gateway request as Deepgram takes it: the socket it needs, its {@code Speak} messages and
 * {@code Flush}, and its length as counted against the socket's budget.
 *
 * @param settings the socket settings it needs
 * @param messages its messages, in order, the {@code Flush} last
 * @param length   characters of its text (UTF-16 units, never fewer than Deepgram counts)
 */
record SpeakRequest(SocketSettings settings, List<String> messages, int length) {

    private static final Logger LOGGER = Logger.getLogger(SpeakRequest.class.getName());

    /**
     * Builds the request. The language is left to the model (a Deepgram model speaks one language,
     * named in it: {@code aura-2-thalia-en}); one that contradicts the model is only logged.
     *
     * @param request      the gateway request
     * @param defaultModel the model of requests that name no voice or model
     * @return the Deepgram request
     * @throws ProviderException {@code INVALID_REQUEST} for a text too long, a WAV format or a speed
     *                           that is not a positive number
     */
    static SpeakRequest of(SynthesisRequest request, String defaultModel) throws ProviderException {
        String text = request.text();
        if (text.length() > DeepgramCodec.MAX_CHARS) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramErrors.NAME + " takes at most "
                    + DeepgramCodec.MAX_CHARS + " characters per request, got " + text.length());
        }
        String voice = Stream.of(request.voice(), request.model()).filter(v -> v != null && !v.isBlank())
                .map(String::strip).findFirst().orElse(defaultModel);
        SocketSettings settings = new SocketSettings(voice, DeepgramOutput.of(request.format()),
                                                     speed(request.settings().get(SynthesisRequest.SPEED)));
        if (request.language() != null && !speaks(voice, request.language())) {
            LOGGER.fine(() -> "Deepgram model " + voice + " chosen over the requested language "
                    + ProviderErrors.safeCode(request.language()));
        }
        List<String> messages = new ArrayList<>();
        SpeakSplitter.split(text, SpeakSplitter.MAX_SPEAK_CHARS).forEach(piece -> messages.add(DeepgramCodec.speak(piece)));
        messages.add(DeepgramCodec.FLUSH);
        return new SpeakRequest(settings, List.copyOf(messages), text.length());
    }

    /** Normalized ({@code 1.0} and {@code 1.00} share a socket), or null for Deepgram's default. */
    private static String speed(String value) throws ProviderException {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal speed = new BigDecimal(value.strip());
            if (speed.signum() > 0) {
                return speed.stripTrailingZeros().toPlainString();
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramErrors.NAME
                + " speed must be a positive number");
    }

    /** Whether a model's language (its name's last part) is the one asked for, region aside. */
    private static boolean speaks(String model, String language) {
        String spoken = model.substring(model.lastIndexOf('-') + 1);
        return spoken.equalsIgnoreCase(language.strip().split("[-_]", 2)[0]);
    }
}
