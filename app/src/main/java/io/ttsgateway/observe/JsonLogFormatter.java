package io.ttsgateway.observe;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ttsgateway.provider.net.JsonMappers;

/**
 * One JSON object per log record, on one line: {@code time} (ISO-8601, UTC), {@code level} (the
 * java.util.logging name: SEVERE, WARNING, INFO, ...), {@code logger}, {@code message},
 * {@code thread}, and for a record with an exception {@code error} with its {@code class},
 * {@code message} and {@code stack}. Line breaks inside values are escaped, so a record never
 * spans two lines.
 */
public final class JsonLogFormatter extends Formatter {

    private static final JsonFactory JSON = JsonMappers.factory();

    @Override
    public String format(LogRecord record) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", record.getInstant().toString());
            json.writeStringField("level", record.getLevel().getName());
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("message", formatMessage(record));
            json.writeStringField("thread", thread(record));
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("class", thrown.getClass().getName());
                json.writeStringField("message", thrown.getMessage());
                json.writeStringField("stack", stack(thrown));
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return line.append('\n').toString();
    }

    /** The logging thread's name when it is the record's (handlers here publish on the caller's thread), else its id. */
    private static String thread(LogRecord record) {
        Thread current = Thread.currentThread();
        if (current.threadId() == record.getLongThreadID() && !current.getName().isEmpty()) {
            return current.getName();
        }
        return "#" + record.getLongThreadID();
    }

    private static String stack(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
