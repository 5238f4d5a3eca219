package io.ttsgateway;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every record logged in this JVM, at every level, from its start until it is closed (which puts
 * the root logger back as it was).
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final Level previous = root.getLevel();
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture() {
        root.addHandler(this);
        root.setLevel(Level.ALL);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** The records so far. */
    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as its level, message and exception, a line each. */
    String text() {
        return String.join("\n", records().stream()
                .map(record -> record.getLevel() + " " + record.getMessage() + " " + record.getThrown()).toList());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previous);
    }
}
