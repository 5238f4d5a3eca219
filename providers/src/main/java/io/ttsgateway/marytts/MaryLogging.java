package io.ttsgateway.marytts;

/**
 * Keeps MaryTTS quiet. Left alone, MaryTTS configures log4j itself: INFO to the console and to
 * {@code ./log/server.log} in the working directory, a line per module per sentence, which also
 * fails start-up where the working directory is read-only (a container running as non-root).
 * MaryTTS takes the level and appenders of its {@code marytts} logger from the system property
 * below; pointing it at the console appender of its own configuration leaves the file appender
 * unused, so no file is created, and errors still reach standard error.
 */
final class MaryLogging {

    /** The property MaryTTS reads its logger's level and appenders from. */
    static final String LOGGER_PROPERTY = "log4j.logger.marytts";
    /** Errors only, to MaryTTS's console appender (standard error). */
    static final String ERRORS_TO_STDERR = "ERROR, stderr";

    private MaryLogging() {
    }

    /**
     * Applies the quiet configuration unless the operator set the property already.
     */
    static synchronized void configure() {
        if (System.getProperty(LOGGER_PROPERTY) == null) {
            System.setProperty(LOGGER_PROPERTY, ERRORS_TO_STDERR);
        }
    }
}
