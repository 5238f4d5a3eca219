package io.ttsgateway.loadgen;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void readsTheServersDoneMessage() {
        Map<String, Object> done = Json.parseObject("""
                {"action":"done","requestId":"s1-r2","status":"failed",
                 "error":{"code":"provider_timeout","message":"no audio for 30 s","retryable":true}}""");
        assertEquals("done", Json.string(done, "action"));
        assertEquals("s1-r2", Json.string(done, "requestId"));
        assertEquals("provider_timeout", Json.string(Json.object(done, "error"), "code"));
        assertEquals(Boolean.TRUE, Json.object(done, "error").get("retryable"));
    }

    @Test
    void readsEveryValueKind() {
        Map<String, Object> all = Json.parseObject(
                " { \"s\" : \"a\\\"b\\\\c\\n\\u00e9\" , \"n\":-1.5e2, \"t\":true, \"f\":false, \"z\":null, \"l\":[1,[],{}] } ");
        assertEquals("a\"b\\c\né", all.get("s"));
        assertEquals(-150.0, all.get("n"));
        assertEquals(Boolean.FALSE, all.get("f"));
        assertNull(all.get("z"));
        assertEquals(List.of(1, List.of(), Map.of()), all.get("l"));
    }

    @Test
    void missingOrMistypedMembersAreNull() {
        Map<String, Object> message = Json.parseObject("{\"action\":1}");
        assertNull(Json.string(message, "action"));
        assertNull(Json.string(message, "requestId"));
        assertNull(Json.string(null, "code"));
        assertNull(Json.object(message, "error"));
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : List.of("", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":\"x}", "{} x",
                                  "{\"a\":tru}", "{\"a\":\"\\q\"}")) {
            assertThrows(IllegalArgumentException.class, () -> Json.parseObject(bad), bad);
        }
    }

    @Test
    void quoteRoundTrips() {
        String text = "say \"hi\"\\\n\t\u0001 ünïcode";
        assertEquals(text, Json.parseObject("{\"t\":" + Json.quote(text) + "}").get("t"));
    }
}
