package io.ttsgateway.deepgram;

import java.math.BigDecimal;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * A gateway request as Deepgram takes it: the socket it needs, its {@code Speak} messages then its
 * {@code Flush}, and its length for the socket's budget (UTF-16 units, never fewer than Deepgram counts).
 */
record SpeakRequest(SocketSettings settings, List<String> messages, int length) {

    /** Longest text of one {@code Speak}: Deepgram closes the socket on more ({@code 1009 BIG-0001}). */
    static final int MAX_SPEAK_CHARS = 2000;
    private static final Logger LOGGER = Logger.getLogger(SpeakRequest.class.getName());

    /**
     * Builds the request, or throws {@code INVALID_REQUEST} for a text too long, WAV, or a speed that is
     * not a positive number. The language is left to the model, which speaks the one it names
     * ({@code aura-2-thalia-en}); one that contradicts it is only logged.
     */
    static SpeakRequest of(SynthesisRequest request, String defaultModel) throws ProviderException {
        String text = request.text();
        if (text.length() > DeepgramCodec.MAX_CHARS) {
            throw invalid(" takes at most " + DeepgramCodec.MAX_CHARS + " characters per request, got " + text.length());
        }
        String voice = Stream.of(request.voice(), request.model()).filter(v -> v != null && !v.isBlank())
                .map(String::strip).findFirst().orElse(defaultModel);
        SocketSettings settings = new SocketSettings(voice, SocketSettings.Output.of(request.format()),
                                                     speed(request.settings().get(SynthesisRequest.SPEED)));
        String language = request.language();
        if (language != null && !voice.substring(voice.lastIndexOf('-') + 1)
                .equalsIgnoreCase(language.strip().split("[-_]", 2)[0])) {
            LOGGER.fine(() -> "Deepgram model " + voice + " chosen over language " + ProviderErrors.safeCode(language));
        }
        List<String> messages = new ArrayList<>();
        split(text, MAX_SPEAK_CHARS).forEach(piece -> messages.add(DeepgramCodec.speak(piece)));
        messages.add(DeepgramCodec.FLUSH);
        return new SpeakRequest(settings, List.copyOf(messages), text.length());
    }

    /**
     * Cuts a text into pieces of at most {@code max} UTF-16 units, at a sentence end, else between words
     * (not in the piece's first half: tiny pieces only add messages), else anywhere but inside a
     * surrogate pair. Deepgram speaks the pieces of one {@code Flush} as one text.
     */
    static List<String> split(String text, int max) {
        List<String> pieces = new ArrayList<>();
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text);
        int start = 0;
        while (text.length() - start > max) {
            int limit = start + max;
            int end = sentences.preceding(limit + 1);
            end = end > start + max / 2 ? end : text.lastIndexOf(' ', limit - 1) + 1;
            end = end > start + max / 2 ? end : Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
            pieces.add(text.substring(start, end));
            start = end;
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    /** Normalized, so that 1.0 and 1.00 share a socket; null for Deepgram's default. */
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
            // refused below
        }
        throw invalid(" speed must be a positive number");
    }

    private static ProviderException invalid(String what) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, DeepgramCodec.NAME + what);
    }
}
