package io.ttsgateway;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what a logger and its children log at or above a level, formatted, until closed.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= getLevel().intValue()) {
                synchronized (lines) {
                    lines.add(record.getLevel() + " " + new SimpleFormatter().formatMessage(record) + " "
                                      + record.getThrown());
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

    /**
     * What was recorded so far.
     *
     * @return the lines, each {@code LEVEL message thrown}
     */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previous);
    }
}
