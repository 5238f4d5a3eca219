package io.ttsgateway.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of {@code POST /v1/audio/speech}, as OpenAI's API defines it.
 *
 * @param model          model name, an alias, or {@code provider/model}
 * @param input          the text
 * @param voice          the voice (a name, or the id of {@code {"id": ...}})
 * @param responseFormat {@code mp3} (OpenAI's default), {@code opus}, {@code aac}, {@code flac}, {@code wav}, {@code pcm}
 * @param speed          speaking rate from 0.25 to 4.0, or {@code null}
 * @param instructions   voice instructions (OpenAI's gpt-4o-mini-tts), accepted and not used
 * @param sse            whether to answer with server-sent events instead of audio bytes
 */
record SpeechRequest(String model, String input, String voice, String responseFormat, Double speed,
                     String instructions, boolean sse) {

    private static final double MIN_SPEED = 0.25;
    private static final double MAX_SPEED = 4.0;
    private static final String DEFAULT_FORMAT = "mp3";

    /**
     * Parses and checks a request body.
     *
     * @param body      the bytes of the body
     * @param mapper    the JSON mapper
     * @param maxLength the longest input, in characters
     * @return the request
     * @throws ApiError 400 naming the field at fault
     */
    static SpeechRequest parse(byte[] body, ObjectMapper mapper, int maxLength) throws ApiError {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (java.io.IOException e) {
            throw ApiError.invalid(null, "The body is not valid JSON.");
        }
        if (json == null || !json.isObject()) {
            throw ApiError.invalid(null, "The body must be a JSON object.");
        }
        String model = requiredText(json, "model");
        String input = requiredText(json, "input");
        if (input.codePointCount(0, input.length()) > maxLength) {
            throw ApiError.invalid("input", "input is longer than " + maxLength + " characters.");
        }
        JsonNode voiceNode = json.get("voice");
        String voice = voiceNode != null && voiceNode.isObject() ? requiredText(voiceNode, "id")
                : requiredText(json, "voice");
        String format = optionalText(json, "response_format", DEFAULT_FORMAT);
        Double speed = null;
        JsonNode speedNode = json.get("speed");
        if (speedNode != null && !speedNode.isNull()) {
            if (!speedNode.isNumber() || speedNode.asDouble() < MIN_SPEED || speedNode.asDouble() > MAX_SPEED) {
                throw ApiError.invalid("speed", "speed must be a number from " + MIN_SPEED + " to " + MAX_SPEED + ".");
            }
            speed = speedNode.asDouble();
        }
        String streamFormat = optionalText(json, "stream_format", "audio");
        if (!streamFormat.equals("audio") && !streamFormat.equals("sse")) {
            throw ApiError.invalid("stream_format", "stream_format must be 'audio' or 'sse'.");
        }
        return new SpeechRequest(model, input, voice, format, speed, optionalText(json, "instructions", null),
                                 streamFormat.equals("sse"));
    }

    private static String requiredText(JsonNode json, String field) throws ApiError {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.invalid(field, "Missing required parameter: '" + field + "'.");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiError.invalid(field, "'" + field + "' must be a non-empty string.");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode json, String field, String fallback) throws ApiError {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw ApiError.invalid(field, "'" + field + "' must be a string.");
        }
        return node.asText();
    }
}
