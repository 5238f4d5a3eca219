package io.ttsgateway.fakes;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@code createSpeech} request body as the fake accepted it, after the checks OpenAI makes
 * ({@code CreateSpeechRequest} in openai-openapi: {@code additionalProperties: false}; required
 * {@code model}, {@code input}, {@code voice}; {@code input} and {@code instructions} at most 4096
 * characters; {@code speed} 0.25 to 4; {@code instructions} and {@code stream_format=sse} not for
 * {@code tts-1} and {@code tts-1-hd}).
 *
 * @param model          the model
 * @param input          the text
 * @param voice          a built-in voice name, or a custom voice's {@code id}
 * @param responseFormat {@code pcm}, {@code wav}, {@code mp3}... ({@code mp3} when absent)
 * @param speed          the speed (1 when absent)
 * @param instructions   the instructions, or {@code null}
 * @param streamFormat   {@code audio} or {@code sse} ({@code audio} when absent)
 */
public record FakeOpenAiSpeechRequest(String model, String input, String voice, String responseFormat, double speed,
                                      String instructions, String streamFormat) {

    /** Longest {@code input} and {@code instructions}, in characters. */
    public static final int MAX_INPUT = 4096;
    /** Slowest speed. */
    public static final double MIN_SPEED = 0.25;
    /** Fastest speed. */
    public static final double MAX_SPEED = 4.0;
    /** The built-in voices ({@code VoiceIdsShared}). */
    public static final Set<String> VOICES = Set.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova",
                                                    "sage", "shimmer", "verse", "marin", "cedar");
    /** The speech models the fake knows. */
    public static final Set<String> MODELS = Set.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts",
                                                    "gpt-4o-mini-tts-2025-12-15");
    /** The values of {@code response_format}. */
    public static final Set<String> FORMATS = Set.of("mp3", "opus", "aac", "flac", "wav", "pcm");
    /** The fields a request may have. */
    public static final List<String> FIELDS = List.of("model", "input", "voice", "instructions", "response_format",
                                                      "speed", "stream_format");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A check failed: what OpenAI would answer. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient FakeOpenAiError error;

        Rejected(FakeOpenAiError error) {
            super(error.reason());
            this.error = error;
        }

        FakeOpenAiError error() {
            return error;
        }
    }

    /**
     * Parses and checks a request body.
     *
     * @param contentType the request's {@code Content-Type}
     * @param body        the body
     * @return the request
     * @throws Rejected with the error OpenAI would answer
     */
    static FakeOpenAiSpeechRequest parse(String contentType, byte[] body) throws Rejected {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Rejected(FakeOpenAiError.invalid(null, null, "Invalid Content-Type header (" + contentType
                    + "), expected application/json."));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new Rejected(FakeOpenAiError.invalid(null, null, "We could not parse the JSON body of your request."
                    + " (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects"
                    + " a JSON payload, but what was sent was not valid JSON."));
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new Rejected(FakeOpenAiError.invalid("unknown_parameter", name,
                                                           "Unrecognized request argument supplied: " + name));
            }
        }
        String model = requiredString(root, "model");
        String input = requiredString(root, "input");
        if (!root.has("voice")) {
            throw missing("voice");
        }
        String voice = voice(root.get("voice"));
        if (!MODELS.contains(model)) {
            throw new Rejected(new FakeOpenAiError(404, "invalid_request_error", "model_not_found", "model",
                                                   "The model `" + model + "` does not exist or you do not have "
                                                           + "access to it."));
        }
        if (input.codePointCount(0, input.length()) > MAX_INPUT) {
            throw new Rejected(FakeOpenAiError.invalid("string_above_max_length", "input",
                                                       "Invalid 'input': string too long. Expected a string with "
                                                               + "maximum length " + MAX_INPUT + ", but got a string "
                                                               + "with length "
                                                               + input.codePointCount(0, input.length()) + " instead."));
        }
        String format = optionalString(root, "response_format", "mp3");
        if (!FORMATS.contains(format)) {
            throw invalidValue("response_format", format);
        }
        double speed = 1.0;
        if (root.has("speed")) {
            JsonNode node = root.get("speed");
            if (!node.isNumber()) {
                throw invalidType("speed", "a number", node);
            }
            speed = node.asDouble();
            if (speed < MIN_SPEED) {
                throw new Rejected(FakeOpenAiError.invalid("decimal_below_min_value", "speed", "Invalid 'speed': "
                        + "decimal below minimum value. Expected a value >= " + MIN_SPEED + ", but got " + speed
                        + " instead."));
            }
            if (speed > MAX_SPEED) {
                throw new Rejected(FakeOpenAiError.invalid("decimal_above_max_value", "speed", "Invalid 'speed': "
                        + "decimal above maximum value. Expected a value <= " + MAX_SPEED + ", but got " + speed
                        + " instead."));
            }
        }
        boolean legacyModel = model.startsWith("tts-1");
        String instructions = null;
        if (root.has("instructions")) {
            instructions = optionalString(root, "instructions", null);
            if (instructions.codePointCount(0, instructions.length()) > MAX_INPUT) {
                throw new Rejected(FakeOpenAiError.invalid("string_above_max_length", "instructions",
                                                           "Invalid 'instructions': string too long."));
            }
            if (legacyModel) {
                throw new Rejected(FakeOpenAiError.invalid("unsupported_parameter", "instructions",
                                                           "Instructions are not supported for " + model + "."));
            }
        }
        String streamFormat = optionalString(root, "stream_format", "audio");
        if (!streamFormat.equals("audio") && !streamFormat.equals("sse")) {
            throw invalidValue("stream_format", streamFormat);
        }
        if (streamFormat.equals("sse") && legacyModel) {
            throw new Rejected(FakeOpenAiError.invalid("unsupported_value", "stream_format",
                                                       "stream_format 'sse' is not supported for " + model + "."));
        }
        return new FakeOpenAiSpeechRequest(model, input, voice, format, speed, instructions, streamFormat);
    }

    private static String voice(JsonNode node) throws Rejected {
        if (node.isTextual()) {
            if (!VOICES.contains(node.asText())) {
                throw invalidValue("voice", node.asText());
            }
            return node.asText();
        }
        // A custom voice is {"id": "voice_..."} and nothing else.
        if (node.isObject() && node.size() == 1 && node.path("id").isTextual() && !node.get("id").asText().isEmpty()) {
            return node.get("id").asText();
        }
        throw invalidType("voice", "a string or an object with an id", node);
    }

    private static String requiredString(JsonNode root, String field) throws Rejected {
        if (!root.has(field) || root.get(field).isNull()) {
            throw missing(field);
        }
        return optionalString(root, field, null);
    }

    private static String optionalString(JsonNode root, String field, String absent) throws Rejected {
        JsonNode node = root.get(field);
        if (node == null) {
            return absent;
        }
        if (!node.isTextual()) {
            throw invalidType(field, "a string", node);
        }
        return node.asText();
    }

    private static Rejected missing(String field) {
        return new Rejected(FakeOpenAiError.invalid("missing_required_parameter", field,
                                                    "Missing required parameter: '" + field + "'."));
    }

    private static Rejected invalidType(String field, String expected, JsonNode got) {
        return new Rejected(FakeOpenAiError.invalid("invalid_type", field, "Invalid type for '" + field
                + "': expected " + expected + ", but got " + got.getNodeType().name().toLowerCase(Locale.ROOT)
                + " instead."));
    }

    private static Rejected invalidValue(String field, String value) {
        return new Rejected(FakeOpenAiError.invalid("invalid_value", field, "Invalid value: '" + value
                + "'. Value must be one of the supported values for '" + field + "'."));
    }

    /**
     * Never prints the text.
     *
     * @return what the fake records for a request
     */
    @Override
    public String toString() {
        return "model=" + model + " voice=" + voice + " response_format=" + responseFormat + " speed=" + speed
                + " stream_format=" + streamFormat + " instructions=" + (instructions != null) + " chars="
                + input.codePointCount(0, input.length());
    }
}
