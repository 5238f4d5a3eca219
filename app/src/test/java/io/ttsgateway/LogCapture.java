package io.ttsgateway;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what a logger and its children log at or above a level until closed, which puts the
 * logger's level back as it was.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= getLevel().intValue()) {
                synchronized (records) {
                    records.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previous = logger.getLevel();
        handler.setLevel(level);
        if (level.intValue() < Level.INFO.intValue()) {
            logger.setLevel(level);
        }
        logger.addHandler(handler);
    }

    /**
     * Starts recording.
     *
     * @param name  the logger, {@code ""} for all
     * @param level the lowest level recorded
     * @return the capture
     */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(Logger.getLogger(name), level);
    }

    /** Records every record logged in this JVM, at every level. */
    public static LogCapture start() {
        return of("", Level.ALL);
    }

    /** The records so far. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The records so far, each {@code LEVEL message thrown} with its parameters filled in. */
    public List<String> lines() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records().stream()
                .map(record -> record.getLevel() + " " + formatter.formatMessage(record) + " " + record.getThrown())
                .toList();
    }

    /** {@link #lines()}, one per line. */
    public String text() {
        return String.join("\n", lines());
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }
}
