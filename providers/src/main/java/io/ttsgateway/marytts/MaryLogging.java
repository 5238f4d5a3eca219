package io.ttsgateway.marytts;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Puts MaryTTS's log into the gateway's: the build carries log4j-to-jul instead of log4j's engine, so
 * MaryTTS's log4j 1.2 records reach the JUL loggers {@code marytts.*}, and its own set-up (INFO to
 * {@code ./log/server.log}) writes no file where the working directory is read-only.
 */
final class MaryLogging {

    /** The parent of every MaryTTS logger. */
    static final String LOGGER_NAME = "marytts";
    /** MaryTTS's threshold unless the log configuration sets {@code marytts.level}: INFO is a line per module per sentence. */
    static final Level DEFAULT_LEVEL = Level.WARNING;
    /** The logger whose per-token complaints carry spoken text. */
    static final String PHONEMISER_LOGGER_NAME = "marytts.JPhonemiser";

    // Held here: JUL keeps loggers weakly, and a collected one would forget its level and filter.
    private static final Logger MARY = Logger.getLogger(LOGGER_NAME);
    private static final Logger PHONEMISER = Logger.getLogger(PHONEMISER_LOGGER_NAME);

    private MaryLogging() {
    }

    /** Sets MaryTTS's threshold unless the log configuration names one; keeps spoken tokens out of its log. */
    static synchronized void configure() {
        if (LogManager.getLogManager().getProperty(LOGGER_NAME + ".level") == null) {
            MARY.setLevel(DEFAULT_LEVEL);
        }
        if (!(PHONEMISER.getFilter() instanceof UnspokenTokens)) {
            PHONEMISER.setFilter(new UnspokenTokens(PHONEMISER));
        }
    }
}
