package io.ttsgateway.observe;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @Test
    void aRecordIsOneLineWithItsFields() throws IOException {
        LogRecord record = new LogRecord(Level.WARNING, "two\nlines and {0}");
        record.setParameters(new Object[] {"a parameter"});
        record.setLoggerName("io.ttsgateway.Example");
        record.setInstant(Instant.parse("2026-01-02T03:04:05.678Z"));

        String line = formatter.format(record);

        assertThat(line.indexOf('\n'), is(line.length() - 1));
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("time").asText(), is("2026-01-02T03:04:05.678Z"));
        assertThat(json.path("level").asText(), is("WARNING"));
        assertThat(json.path("logger").asText(), is("io.ttsgateway.Example"));
        assertThat(json.path("message").asText(), is("two\nlines and a parameter"));
        assertThat(json.path("thread").asText(), is(Thread.currentThread().getName()));
        assertThat(json.has("error"), is(false));
    }

    @Test
    void anExceptionGivesItsClassMessageAndStack() throws IOException {
        LogRecord record = new LogRecord(Level.SEVERE, "it broke");
        record.setLoggerName("io.ttsgateway.Example");
        record.setThrown(new IllegalStateException("the reason"));

        JsonNode error = JSON.readTree(formatter.format(record)).path("error");

        assertThat(error.path("class").asText(), is("java.lang.IllegalStateException"));
        assertThat(error.path("message").asText(), is("the reason"));
        assertThat(error.path("stack").asText(), containsString("JsonLogFormatterTest"));
    }

    @Test
    void aRecordOfAnotherThreadGivesItsId() throws IOException {
        LogRecord record = new LogRecord(Level.INFO, "elsewhere");
        long other = Thread.currentThread().threadId() + 1_000_000;
        record.setLongThreadID(other);

        assertThat(JSON.readTree(formatter.format(record)).path("thread").asText(), is("#" + other));
    }
}
