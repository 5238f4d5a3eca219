package io.ttsgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The fake's {@code GET /v1/voices}: {@link #VOICES} in the shape of {@code GetVoicesResponseModel}
 * (the fields the spec requires, {@code labels} and {@code verified_languages}). Checks the key like
 * the other endpoints and takes {@link FakeBehavior#takeListFailure()}. Events: {@code list-voices}
 * per answered request, {@code rejected:auth}, {@code list-failure:<FAILURE>}.
 */
final class FakeElevenLabsVoices {

    /** A voice of the fake's list. */
    record FakeVoice(String id, String name, String gender, String language) {
    }

    /** The premade voices the fake lists; the first is the tests' configured voice. */
    static final List<FakeVoice> VOICES = List.of(new FakeVoice("21m00Tcm4TlvDq8ikWAM", "Rachel", "female", "en"),
                                                  new FakeVoice("pNInz6obpgDQGcFmaJgB", "Adam", "male", "en"),
                                                  new FakeVoice("XrExE9yKIg1WjnnlVkGX", "Matilda", "female", "en"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeElevenLabs fake;

    FakeElevenLabsVoices(FakeElevenLabs fake) {
        this.fake = fake;
    }

    void handle(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(HeaderNames.create(FakeElevenLabs.KEY_HEADER)).orElse(null);
        if (key == null || !key.equals(fake.apiKey())) {
            fake.events().add("rejected:auth");
            detail(res, 401, key == null ? "needs_authorization" : "invalid_api_key",
                   key == null ? "Neither authorization header nor xi-api-key received, please provide one."
                               : "Invalid API key");
            return;
        }
        FakeBehavior.Failure failure = fake.behavior().takeListFailure();
        if (failure.failsList()) {
            // Recorded before the answer: a client that has the answer may count the events at once.
            fake.events().add("list-failure:" + failure);
        }
        switch (failure) {
            case UNAUTHORIZED -> detail(res, 401, "invalid_api_key", "Invalid API key");
            case RATE_LIMITED -> detail(res, 429, "too_many_concurrent_requests", "Too many concurrent requests.");
            case SERVER_ERROR -> detail(res, 500, "internal_server_error", "We are sorry, something went wrong.");
            default -> {
                fake.events().add("list-voices");
                send(res, 200, body());
                return;
            }
        }
    }

    private static ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode voices = body.putArray("voices");
        for (FakeVoice voice : VOICES) {
            ObjectNode node = voices.addObject().put("voice_id", voice.id()).put("name", voice.name())
                    .put("category", "premade");
            node.putObject("labels").put("gender", voice.gender()).put("accent", "american");
            node.putArray("available_for_tiers");
            node.putArray("high_quality_base_model_ids").add(FakeElevenLabs.DEFAULT_MODEL);
            node.putArray("verified_languages").addObject().put("language", voice.language())
                    .put("model_id", FakeElevenLabs.DEFAULT_MODEL);
        }
        return body;
    }

    private static void detail(ServerResponse res, int status, String code, String message) {
        ObjectNode detail = JSON.createObjectNode();
        detail.putObject("detail").put("status", code).put("message", message);
        send(res, status, detail);
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
