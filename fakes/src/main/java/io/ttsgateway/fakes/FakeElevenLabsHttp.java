package io.ttsgateway.fakes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The fake's HTTP streaming endpoints: {@code POST /v1/text-to-speech/{voice_id}/stream} (raw audio,
 * chunked) and {@code .../stream/with-timestamps} (one JSON object per line, base64 audio and
 * character timings in seconds from the start of the response's audio).
 */
final class FakeElevenLabsHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final FakeElevenLabs fake;

    FakeElevenLabsHttp(FakeElevenLabs fake) {
        this.fake = fake;
    }

    /**
     * Which voice setting is out of range.
     *
     * @param settings {@code voice_settings}, or {@code null}
     * @return the field's name, or {@code null} when all are valid
     */
    static String voiceSettingsProblem(JsonNode settings) {
        if (settings == null || settings.isNull()) {
            return null;
        }
        if (!settings.isObject()) {
            return "type";
        }
        for (String unit : List.of("stability", "similarity_boost", "style")) {
            JsonNode value = settings.get(unit);
            if (value != null && !value.isNull() && (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 1)) {
                return unit;
            }
        }
        JsonNode speed = settings.get("speed");
        if (speed != null && !speed.isNull() && (!speed.isNumber() || speed.asDouble() < 0.7 || speed.asDouble() > 1.2)) {
            return "speed";
        }
        JsonNode boost = settings.get("use_speaker_boost");
        if (boost != null && !boost.isNull() && !boost.isBoolean()) {
            return "use_speaker_boost";
        }
        return null;
    }

    /**
     * Serves one request.
     *
     * @param req        the request
     * @param res        the response
     * @param timestamps whether this is {@code /stream/with-timestamps}
     */
    void handle(ServerRequest req, ServerResponse res, boolean timestamps) {
        String key = req.headers().first(HeaderNames.create(FakeElevenLabs.KEY_HEADER)).orElse(null);
        if (key == null) {
            fake.events().add("rejected:auth");
            detail(res, 401, "needs_authorization",
                   "Neither authorization header nor xi-api-key received, please provide one.");
            return;
        }
        if (!key.equals(fake.apiKey())) {
            fake.events().add("rejected:auth");
            detail(res, 401, "invalid_api_key", "Invalid API key");
            return;
        }
        String voice = req.path().pathParameters().get("voice_id");
        String format = req.query().first("output_format").orElse(FakeElevenLabsAudio.DEFAULT_FORMAT);
        if (!FakeElevenLabsAudio.HTTP_FORMATS.contains(format)) {
            fake.events().add("rejected:output_format");
            validation(res, "query", "output_format", "value is not a valid enumeration member", "type_error.enum");
            return;
        }
        if (!FakeElevenLabsAudio.producible(format)) {
            fake.events().add("rejected:output_format-not-in-fake");
            detail(res, 400, "invalid_output_format", "The fake only produces PCM and G.711.");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(req.content().as(String.class));
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            fake.events().add("rejected:body");
            validation(res, "body", null, "Expecting value", "value_error.jsondecode");
            return;
        }
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.asText().isEmpty()) {
            fake.events().add("rejected:text");
            validation(res, "body", "text", "field required", "value_error.missing");
            return;
        }
        String model = body.path("model_id").asText(FakeElevenLabs.DEFAULT_MODEL);
        if (!FakeElevenLabs.MODELS.contains(model)) {
            fake.events().add("rejected:model");
            detail(res, 400, "model_not_found", "A model with model ID " + model + " does not exist.");
            return;
        }
        JsonNode language = body.get("language_code");
        if (language != null && !language.isNull()) {
            if (!language.isTextual() || !FakeElevenLabs.ISO_639_1.matcher(language.asText()).matches()) {
                fake.events().add("rejected:language_code");
                validation(res, "body", "language_code", "invalid language code", "value_error");
                return;
            }
            if (!FakeElevenLabs.LANGUAGE_MODELS.contains(model)) {
                // "For other models, an error will be returned": its shape is not documented.
                fake.events().add("rejected:language_code");
                detail(res, 400, "unsupported_language_code", "Model " + model + " does not support language_code.");
                return;
            }
        }
        String problem = voiceSettingsProblem(body.get("voice_settings"));
        if (problem != null) {
            fake.events().add("rejected:voice_settings." + problem);
            validation(res, "body", "voice_settings", "invalid " + problem, "value_error");
            return;
        }
        if (FakeElevenLabs.UNKNOWN_VOICE.equals(voice)) {
            fake.events().add("rejected:voice");
            detail(res, 400, "voice_not_found", "A voice with the voice_id " + voice + " was not found.");
            return;
        }
        int limit = FakeElevenLabs.maxTextLength(model);
        if (text.asText().length() > limit) {
            fake.events().add("rejected:text-length");
            detail(res, 400, "max_character_limit_exceeded", "This request's text has " + text.asText().length()
                    + " characters and exceeds the character limit of " + limit + " characters.");
            return;
        }
        fake.events().add("connect");
        FakeBehavior.Failure failure = fake.behavior().takeFailure();
        switch (failure) {
            case UNAUTHORIZED -> {
                detail(res, 401, "invalid_api_key", "Invalid API key");
                return;
            }
            case RATE_LIMITED -> {
                detail(res, 429, "too_many_concurrent_requests", "Too many concurrent requests. Your current"
                        + " subscription is associated with a maximum of 5 concurrent requests (running in parallel).");
                return;
            }
            case SERVER_ERROR -> {
                detail(res, 500, "internal_server_error", "We are sorry, something went wrong.");
                return;
            }
            default -> {
                // streamed below
            }
        }
        String id = fake.nextHttpId();
        fake.events().add("request:" + id + ":" + format + ":" + model);
        if (language != null && !language.isNull()) {
            fake.events().add("language:" + id + ":" + language.asText());
        }
        if (body.path("voice_settings").hasNonNull("speed")) {
            fake.events().add("speed:" + id + ":" + body.path("voice_settings").get("speed").asDouble());
        }
        if (body.hasNonNull("previous_text")) {
            fake.events().add("previous_text:" + id + ":" + body.get("previous_text").asText().length());
        }
        res.header(HeaderNames.CONTENT_TYPE, timestamps ? "application/json" : "audio/mpeg");
        AtomicInteger written = new AtomicInteger();
        try {
            stream(res, id, format, text.asText(), failure, timestamps, written);
        } catch (UncheckedIOException | IOException | ServerConnectionException e) {
            // The client closed the response before its end: how it cancels over HTTP. Helidon 4.5
            // reports a failed write as ServerConnectionException, 4.2 as UncheckedIOException.
            fake.events().add("cancel:" + id);
            fake.events().add("written:" + id + ":" + written.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(ServerResponse res, String id, String format, String text, FakeBehavior.Failure failure,
                        boolean timestamps, AtomicInteger written) throws IOException, InterruptedException {
        FakeBehavior behavior = fake.behavior();
        int chunks = behavior.chunks();
        int chunkMillis = behavior.chunkMillis();
        int samples = FakeAudio.samplesPerChunk(FakeElevenLabsAudio.rate(format), chunkMillis);
        try (OutputStream out = res.outputStream()) {
            if (failure == FakeBehavior.Failure.STALL_BEFORE_AUDIO) {
                out.flush();
                fake.events().add("stalled:" + id);
                fake.awaitClosed();
                return;
            }
            FakeBehavior.pause(behavior.firstChunkDelay());
            for (int i = 0; i < chunks; i++) {
                byte[] audio = FakeElevenLabsAudio.chunk(format, (long) i * samples, samples);
                out.write(timestamps ? line(audio, FakeElevenLabsAudio.charsOf(text, i, chunks), i, chunkMillis)
                                     : audio);
                out.flush();
                written.incrementAndGet();
                if (i == 0 && failure == FakeBehavior.Failure.STALL_MID_STREAM) {
                    fake.events().add("stalled:" + id);
                    fake.awaitClosed();
                    return;
                }
                if (i == 0 && failure == FakeBehavior.Failure.DROP_MID_STREAM) {
                    fake.events().add("dropped:mid-stream " + id);
                    // An exception after the headers makes the server cut the connection: the body
                    // ends without its last chunk, as when a provider crashes mid-response.
                    throw new IllegalStateException("fake ElevenLabs drops the connection");
                }
                if (i < chunks - 1) {
                    FakeBehavior.pause(behavior.chunkInterval());
                }
            }
        }
        fake.events().add("final:" + id);
    }

    private static byte[] line(byte[] audio, List<String> chars, int chunk, int chunkMillis) {
        ObjectNode node = JSON.createObjectNode();
        node.put("audio_base64", Base64.getEncoder().encodeToString(audio));
        if (chars.isEmpty()) {
            node.putNull("alignment");
            node.putNull("normalized_alignment");
        } else {
            ObjectNode alignment = JSON.createObjectNode();
            ArrayNode characters = alignment.putArray("characters");
            ArrayNode starts = alignment.putArray("character_start_times_seconds");
            ArrayNode ends = alignment.putArray("character_end_times_seconds");
            long chunkStart = (long) chunk * chunkMillis;
            for (int i = 0; i < chars.size(); i++) {
                long start = chunkStart + FakeElevenLabsAudio.charStart(i, chars.size(), chunkMillis);
                characters.add(chars.get(i));
                starts.add(start / MILLIS_PER_SECOND);
                ends.add((start + FakeElevenLabsAudio.charDuration(chars.size(), chunkMillis)) / MILLIS_PER_SECOND);
            }
            node.set("alignment", alignment);
            node.set("normalized_alignment", alignment.deepCopy());
        }
        return (node + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void detail(ServerResponse res, int status, String code, String message) {
        ObjectNode detail = JSON.createObjectNode();
        detail.putObject("detail").put("status", code).put("message", message);
        send(res, status, detail);
    }

    private static void validation(ServerResponse res, String where, String field, String message, String type) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putArray("detail").addObject();
        ArrayNode loc = error.putArray("loc").add(where);
        if (field != null) {
            loc.add(field);
        }
        error.put("msg", message).put("type", type);
        send(res, 422, body);
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
