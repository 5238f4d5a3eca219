package io.ttsgateway.loadgen;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void defaults() throws Options.HelpRequested {
        Options options = Options.parse();
        assertEquals(Options.DEFAULT_URL, options.url().toString());
        assertEquals(Options.DEFAULT_SESSIONS, options.sessions());
        assertEquals(Options.DEFAULT_REQUESTS, options.requests());
        assertEquals(Options.DEFAULT_TEXT, options.text());
        assertFalse(options.unique());
        assertEquals(0, options.distinct());
        assertEquals(Duration.ZERO, options.ramp());
        assertEquals(Duration.ofSeconds(Options.DEFAULT_TIMEOUT_S), options.timeout());
        assertEquals(Mode.SEQUENTIAL, options.mode());
        assertEquals(0, options.idle());
        assertNull(options.apiKey());
        assertEquals(InputMode.WHOLE, options.input());
        assertEquals(Duration.ofMillis(30), options.tokenInterval());
        assertEquals(1, options.tokensPerAppend());
        assertEquals(0, options.warmup());
        assertEquals(null, options.warmupRun());
    }

    @Test
    void warmupIsARunOfTheSameShape() throws Options.HelpRequested {
        Options options = Options.parse("--sessions", "3", "--requests", "100", "--warmup", "2000", "--idle", "5",
                                        "--unique");
        assertEquals(2000, options.warmup());
        Options warmup = options.warmupRun();
        assertEquals(3, warmup.sessions());
        assertEquals(2000, warmup.requests());
        assertTrue(warmup.unique());
        assertEquals(0, warmup.idle(), "idle connections are held by the measured run only");
        assertEquals(null, warmup.warmupRun());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--warmup", "-1"));
    }

    @Test
    void everyOption() throws Options.HelpRequested {
        Options options = Options.parse("--url", "ws://127.0.0.1:9/x?api_key=secret", "--sessions", "3",
                                        "--requests=4", "--text", "--odd text--", "--unique", "--ramp-ms", "500",
                                        "--timeout-s", "7", "--mode", "PIPELINED", "--idle", "100",
                                        "--api-key", "k3y", "--input", "Stream", "--token-interval-ms", "0",
                                        "--tokens-per-append=3", "--distinct", "40");
        assertEquals(3, options.sessions());
        assertEquals(4, options.requests());
        assertEquals("--odd text--", options.text());
        assertTrue(options.unique());
        assertEquals(40, options.distinct());
        assertEquals(Duration.ofMillis(500), options.ramp());
        assertEquals(Duration.ofSeconds(7), options.timeout());
        assertEquals(Mode.PIPELINED, options.mode());
        assertEquals(100, options.idle());
        assertEquals("k3y", options.apiKey());
        assertEquals(12, options.plannedRequests());
        assertEquals(InputMode.STREAM, options.input());
        assertEquals(Duration.ZERO, options.tokenInterval());
        assertEquals(3, options.tokensPerAppend());
        // Neither the query (which may hold a key), the text nor the key is ever printable.
        assertEquals("ws://127.0.0.1:9/x", options.printableUrl());
        assertFalse(options.toString().contains("secret"));
        assertFalse(options.toString().contains("k3y"));
        assertFalse(options.toString().contains("odd text"));
    }

    @Test
    void replyIsTheAgentReply() throws Options.HelpRequested {
        assertEquals(Options.AGENT_REPLY, Options.parse("--reply", "--input", "stream").text());
        assertEquals(33, Options.AGENT_REPLY.split("\\s+").length);
        assertFalse(Options.parse("--reply").toString().contains("Denver"));
    }

    @Test
    void help() {
        assertThrows(Options.HelpRequested.class, () -> Options.parse("--sessions", "2", "--help"));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--sessions", "0"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--requests", "many"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--idle", "-1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--distinct", "0"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--distinct"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--mode", "burst"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--url", "http://localhost:8002/"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--timeout-s"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--unique=yes"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--text", " "));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--input", "tokens"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--token-interval-ms", "-1"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--tokens-per-append", "0"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--reply=yes"));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("--reply", "--text", "hi"));
    }
}
