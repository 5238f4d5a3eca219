package io.ttsgateway.loadgen.streams;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamsOptionsTest {

    @Test
    void defaultsToTenStreamsAndA200MsBuffer() {
        StreamsOptions options = StreamsOptions.parse("--url", "http://127.0.0.1:9/v1");
        assertEquals(10, options.streams());
        assertEquals(200, options.bufferMs());
        assertEquals("tts-1", options.model());
        assertNull(options.apiKey());
        assertEquals(Duration.ofSeconds(120), options.timeout());
        assertEquals(0, options.warmup());
        assertEquals(Duration.ZERO, options.settle());
    }

    @Test
    void takesEveryOption() {
        StreamsOptions options = StreamsOptions.parse("--url", "http://h/v1", "--streams", "500", "--buffer-ms", "100",
                "--api-key", "k", "--model", "m", "--voice", "v", "--timeout-s", "30", "--label", "gateway",
                "--text", "Hi.", "--warmup", "50", "--settle-s", "5", "--watch", "gateway=12", "--watch", "provider=34");
        assertEquals(500, options.streams());
        assertEquals(100, options.bufferMs());
        assertEquals("k", options.apiKey());
        assertEquals("gateway", options.label());
        assertEquals("Hi.", options.text());
        assertEquals(50, options.warmup());
        assertEquals(Duration.ofSeconds(5), options.settle());
        assertEquals(List.of(new WatchedProcess("gateway", 12), new WatchedProcess("provider", 34)), options.watch());
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--streams", "5"));
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--url", "ws://h/v1"));
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class,
                () -> StreamsOptions.parse("--url", "https://h/v1"));
        assertTrue(tls.getMessage().contains("does not speak TLS"), tls.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--url", "http://h/v1", "--streams", "0"));
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--url", "http://h/v1", "--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--url"));
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--url", "http://h/v1", "--watch", "12"));
        assertThrows(IllegalArgumentException.class, () -> StreamsOptions.parse("--url", "http://h/v1", "--watch", "a=b"));
    }
}
