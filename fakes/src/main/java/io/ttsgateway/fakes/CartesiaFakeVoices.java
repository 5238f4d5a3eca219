package io.ttsgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@link FakeCartesia}'s {@code GET /voices}, from the Fern definitions: before 2025-04-16 a bare
 * array of voices; from then on a page {@code {"data","has_more","next_page"}} of {@code limit}
 * voices (1 to 100, default 10, at most {@link FakeCartesia#voicesPageCap(int)}) after the
 * {@code starting_after} id. The key must come as the version documents it (as on the socket);
 * errors are plain text {@code Title: Message} before 2026-03-01 and JSON from then on. Takes
 * {@link FakeBehavior#takeListFailure()}. Events: {@code list-voices} per answered page,
 * {@code rejected:auth}, {@code rejected:version}, {@code rejected:limit}, {@code list-failure:<FAILURE>}.
 */
final class CartesiaFakeVoices {

    /** A voice of the fake's list. */
    record FakeVoice(String id, String name, String language) {
    }

    /** The voices listed, in order; the first is the client's default voice. */
    static final List<FakeVoice> VOICES = List.of(
            new FakeVoice("a0e99841-438c-4a64-b679-ae501e7d6091", "Barbershop Man", "en"),
            new FakeVoice("694f9389-aac1-45b6-b726-9d9369183238", "Sarah", "en"),
            new FakeVoice("3b554273-4299-48b9-9aaf-eefd438e3941", "Fake Lena", "de"),
            new FakeVoice("7a5d4663-88ae-47b7-808e-8f9b9ee4127b", "Fake Sofia", "es"));

    private static final String FIRST_PAGED_VERSION = "2025-04-16";
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final FakeCartesia fake;

    CartesiaFakeVoices(FakeCartesia fake) {
        this.fake = fake;
    }

    void handle(ServerRequest req, ServerResponse res) {
        String version = req.headers().first(HeaderNames.create("Cartesia-Version")).orElse("").strip();
        if (!VERSION.matcher(version).matches()) {
            fake.events().add("rejected:version");
            error(res, version, 400, "invalid_request", "Bad Request", "A valid Cartesia-Version header is required.");
            return;
        }
        String key;
        if (version.compareTo(CartesiaFakeSocket.FIRST_BEARER_VERSION) >= 0) {
            String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
            key = authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()).strip() : null;
        } else {
            key = req.headers().first(HeaderNames.create("X-API-Key")).orElse(null);
        }
        if (key == null || !key.equals(fake.apiKey())) {
            fake.events().add("rejected:auth");
            error(res, version, 401, "invalid_api_key", "Unauthorized", "Invalid API key.");
            return;
        }
        FakeBehavior.Failure failure = fake.behavior().takeListFailure();
        if (failure.failsList()) {
            // Recorded before the answer: a client that has the answer may count the events at once.
            fake.events().add("list-failure:" + failure);
        }
        switch (failure) {
            case UNAUTHORIZED -> error(res, version, 401, "invalid_api_key", "Unauthorized", "Invalid API key.");
            case RATE_LIMITED -> error(res, version, 429, "rate_limited", "Too Many Requests", "Rate limit exceeded.");
            case SERVER_ERROR -> error(res, version, 500, "internal_error", "Internal Server Error",
                                       "Something went wrong.");
            default -> {
                list(req, res, version);
                return;
            }
        }
    }

    private void list(ServerRequest req, ServerResponse res, String version) {
        if (version.compareTo(FIRST_PAGED_VERSION) < 0) {
            ArrayNode all = FakeCartesia.MAPPER.createArrayNode();
            VOICES.forEach(voice -> voice(all, voice));
            fake.events().add("list-voices");
            send(res, 200, "application/json", all.toString());
            return;
        }
        int limit;
        try {
            limit = Integer.parseInt(req.query().first("limit").orElse(String.valueOf(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            fake.events().add("rejected:limit");
            error(res, version, 400, "invalid_request", "Bad Request", "limit must be between 1 and 100.");
            return;
        }
        limit = Math.min(limit, fake.voicesPageCap());
        String after = req.query().first("starting_after").orElse(null);
        int start = 0;
        if (after != null) {
            start = VOICES.stream().map(FakeVoice::id).toList().indexOf(after) + 1;
        }
        int end = Math.min(VOICES.size(), start + limit);
        ObjectNode page = FakeCartesia.MAPPER.createObjectNode();
        ArrayNode data = page.putArray("data");
        VOICES.subList(start, end).forEach(voice -> voice(data, voice));
        page.put("has_more", end < VOICES.size());
        if (end < VOICES.size()) {
            page.put("next_page", VOICES.get(end - 1).id());
        }
        fake.events().add("list-voices");
        send(res, 200, "application/json", page.toString());
    }

    private static void voice(ArrayNode into, FakeVoice voice) {
        into.addObject().put("id", voice.id()).put("name", voice.name()).put("description", "a fake voice")
                .put("created_at", "2024-11-13T07:06:22.476564Z").put("is_owner", false)
                .put("language", voice.language());
    }

    private static void error(ServerResponse res, String version, int status, String code, String title,
                              String message) {
        if (version.compareTo(CartesiaFakeSocket.FIRST_STRUCTURED_ERROR_VERSION) >= 0) {
            JsonNode body = FakeCartesia.MAPPER.createObjectNode().put("error_code", code).put("title", title)
                    .put("message", message).put("request_id", UUID.randomUUID().toString());
            send(res, status, "application/json", body.toString());
        } else {
            send(res, status, "text/plain", title + ": " + message);
        }
    }

    private static void send(ServerResponse res, int status, String type, String body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
