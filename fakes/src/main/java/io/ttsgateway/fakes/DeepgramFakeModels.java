package io.ttsgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@link FakeDeepgram}'s {@code GET /v1/models} ({@code ListModelsV1Response}): one speech-to-text
 * model and {@link #TTS} as text-to-speech models with {@code name}, {@code canonical_name},
 * {@code architecture}, {@code languages}, {@code version}, {@code uuid} and {@code metadata}.
 * Checks {@code Authorization: Token <key>} (401 {@code INVALID_AUTH} otherwise) and takes
 * {@link FakeBehavior#takeListFailure()}. Events: {@code list-models}, {@code rejected:auth},
 * {@code list-failure:<FAILURE>}.
 */
final class DeepgramFakeModels {

    /** A text-to-speech model of the list. */
    record FakeModel(String canonicalName, String name, String architecture, List<String> languages) {
    }

    /** The text-to-speech models listed, in order. */
    static final List<FakeModel> TTS = List.of(
            new FakeModel("aura-asteria-en", "asteria", "aura", List.of("en", "en-US")),
            new FakeModel("aura-2-thalia-en", "thalia", "aura-2", List.of("en", "en-US")),
            new FakeModel("aura-2-celeste-es", "celeste", "aura-2", List.of("es", "es-CO")));

    private final FakeDeepgram fake;

    DeepgramFakeModels(FakeDeepgram fake) {
        this.fake = fake;
    }

    void handle(ServerRequest req, ServerResponse res) {
        String[] parts = req.headers().first(HeaderNames.AUTHORIZATION).orElse("").strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("token") || !parts[1].equals(fake.apiKey())) {
            fake.events().add("rejected:auth");
            error(res, 401, "INVALID_AUTH", "Invalid credentials.");
            return;
        }
        FakeBehavior.Failure failure = fake.behavior().takeListFailure();
        if (failure.failsList()) {
            // Recorded before the answer: a client that has the answer may count the events at once.
            fake.events().add("list-failure:" + failure);
        }
        switch (failure) {
            case UNAUTHORIZED -> error(res, 401, "INVALID_AUTH", "Invalid credentials.");
            case RATE_LIMITED -> error(res, 429, "TOO_MANY_REQUESTS", "Too many requests.");
            case SERVER_ERROR -> error(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error.");
            default -> {
                fake.events().add("list-models");
                send(res, 200, body());
                return;
            }
        }
    }

    private ObjectNode body() {
        ObjectNode body = fake.json().createObjectNode();
        body.putArray("stt").addObject().put("name", "nova-3").put("canonical_name", "nova-3")
                .put("architecture", "nova-3").put("version", "2025-04-17.21547").put("uuid", uuid("nova-3"))
                .put("batch", true).put("streaming", true).put("formatted_output", true)
                .putArray("languages").add("en");
        ArrayNode tts = body.putArray("tts");
        for (FakeModel model : TTS) {
            ObjectNode node = tts.addObject().put("name", model.name()).put("canonical_name", model.canonicalName())
                    .put("architecture", model.architecture()).put("version", "2025-04-07.0")
                    .put("uuid", uuid(model.canonicalName()));
            ArrayNode languages = node.putArray("languages");
            model.languages().forEach(languages::add);
            node.putObject("metadata").put("accent", "American").putArray("tags").add("fake");
        }
        return body;
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void error(ServerResponse res, int status, String code, String message) {
        send(res, status, fake.json().createObjectNode().put("err_code", code).put("err_msg", message)
                .put("request_id", UUID.randomUUID().toString()));
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
