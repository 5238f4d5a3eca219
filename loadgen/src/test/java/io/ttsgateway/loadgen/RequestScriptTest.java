package io.ttsgateway.loadgen;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestScriptTest {

    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(30);

    @Test
    void wholeInputIsOneSynthesize() {
        RequestScript script = RequestScript.whole("s1-r1", "Hi \"you\".");
        assertEquals(1, script.steps().size());
        Map<String, Object> message = Json.parseObject(script.steps().getFirst().message());
        assertEquals(Map.of("action", "synthesize", "requestId", "s1-r1", "text", "Hi \"you\"."), message);
        assertFalse(script.steps().getFirst().endsText());
        assertEquals(0, script.durationNanos());
    }

    @Test
    void streamInputIsPacedAppendsThenEnd() {
        RequestScript script = RequestScript.stream("s2-r3", "Sure! Let me check.", 2, INTERVAL);
        List<RequestScript.Step> steps = script.steps();
        assertEquals(3, steps.size());
        assertEquals(Map.of("action", "append", "requestId", "s2-r3", "text", "Sure! Let"),
                     Json.parseObject(steps.get(0).message()));
        assertEquals(Map.of("action", "append", "requestId", "s2-r3", "text", " me check."),
                     Json.parseObject(steps.get(1).message()));
        assertEquals(Map.of("action", "end", "requestId", "s2-r3"), Json.parseObject(steps.get(2).message()));
        assertEquals(List.of(0L, INTERVAL, INTERVAL), steps.stream().map(RequestScript.Step::offsetNanos).toList());
        assertEquals(List.of(false, false, true), steps.stream().map(RequestScript.Step::endsText).toList());
        assertEquals(INTERVAL, script.durationNanos());
    }

    @Test
    void optionsChooseTheScript() throws Options.HelpRequested {
        Options whole = Options.parse("--reply");
        assertEquals(1, RequestScript.of(whole, "a", whole.text()).steps().size());
        Options stream = Options.parse("--reply", "--input", "stream", "--tokens-per-append", "1");
        RequestScript script = RequestScript.of(stream, "a", stream.text());
        assertEquals(33 + 1, script.steps().size(), "a message per word of the reply, and the end");
        assertTrue(script.steps().getLast().endsText());
        assertEquals(32 * TimeUnit.MILLISECONDS.toNanos(Options.DEFAULT_TOKEN_INTERVAL_MS), script.durationNanos());
    }
}
