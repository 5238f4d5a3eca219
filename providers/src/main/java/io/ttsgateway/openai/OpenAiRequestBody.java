package io.ttsgateway.openai;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;
import io.ttsgateway.provider.net.JsonMappers;

/**
 * The JSON body of {@code POST /audio/speech} ({@code CreateSpeechRequest}). What OpenAI would refuse
 * is refused here, before it costs a round trip or counts against the rate limit. The request's
 * language is not sent: the endpoint has none, the voices speak the language of the text.
 */
final class OpenAiRequestBody {

    /** Longest {@code input} (and {@code instructions}), in characters ({@code maxLength: 4096}). */
    static final int MAX_INPUT_CHARS = 4096;
    static final double MIN_SPEED = 0.25;
    static final double MAX_SPEED = 4.0;
    /** Request setting giving the voice instructions (tone, accent...). */
    static final String INSTRUCTIONS_SETTING = "instructions";
    /** Models that take {@code instructions}; {@code tts-1} and {@code tts-1-hd} reject them. */
    static final String INSTRUCTIONS_MODEL_PREFIX = "gpt-4o-mini-tts";
    /** Custom voices are sent as {@code {"id": "voice_..."}}, built-in ones by name. */
    static final String CUSTOM_VOICE_PREFIX = "voice_";
    /** The built-in voices ({@code VoiceIdsShared}); other names are sent as given and judged by OpenAI. */
    static final List<String> BUILT_IN_VOICES = List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx",
                                                        "nova", "sage", "shimmer", "verse", "marin", "cedar");
    /** Raw samples, no container: the fastest format to first byte, and the one we can convert. */
    static final String RESPONSE_FORMAT = "pcm";

    private static final ObjectMapper JSON = JsonMappers.create();

    private OpenAiRequestBody() {
    }

    /**
     * The body of one request, with the defaults for what it does not name.
     *
     * @throws ProviderException {@code INVALID_REQUEST} when OpenAI would refuse it or the speed is not a number
     */
    static String of(SynthesisRequest request, String defaultModel, String defaultVoice) throws ProviderException {
        String text = request.text();
        int chars = text.codePointCount(0, text.length());
        if (chars > MAX_INPUT_CHARS) {
            throw invalid("openai accepts at most " + MAX_INPUT_CHARS + " characters per request, got " + chars);
        }
        String model = orDefault(request.model(), defaultModel);
        if (model == null) {
            throw invalid("no openai model was given or configured");
        }
        String voice = orDefault(request.voice(), defaultVoice);
        if (voice == null) {
            throw invalid("no openai voice was given or configured");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("input", text);
        if (voice.startsWith(CUSTOM_VOICE_PREFIX)) {
            body.putObject("voice").put("id", voice);
        } else {
            body.put("voice", voice);
        }
        body.put("response_format", RESPONSE_FORMAT);
        Double speed = request.speedWithin(OpenAiSettings.NAME, MIN_SPEED, MAX_SPEED);
        if (speed != null) {
            body.put("speed", speed);
        }
        String instructions = request.settings().get(INSTRUCTIONS_SETTING);
        // tts-1 and tts-1-hd answer 400 to instructions; they speak the text plainly instead.
        if (instructions != null && !instructions.isBlank() && model.startsWith(INSTRUCTIONS_MODEL_PREFIX)) {
            if (instructions.codePointCount(0, instructions.length()) > MAX_INPUT_CHARS) {
                throw invalid("openai accepts at most " + MAX_INPUT_CHARS + " characters of instructions");
            }
            body.put("instructions", instructions);
        }
        return JsonMappers.text(body);
    }

    private static String orDefault(String value, String fallback) {
        if (value != null && !value.isBlank()) {
            return value.strip();
        }
        return fallback == null || fallback.isBlank() ? null : fallback.strip();
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ProviderErrorKind.INVALID_REQUEST, message);
    }
}
