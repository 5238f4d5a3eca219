package io.ttsgateway.marytts;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps spoken text out of MaryTTS's log: its ERROR {@code Problem with token <word> [phones]: why}
 * for a word it leaves silent (the client's text, not a server fault) becomes a FINE line giving the
 * word's length only; every other record passes unchanged.
 */
final class UnspokenTokens implements Filter {

    /** The level the replacement is logged at. */
    static final Level LEVEL = Level.FINE;
    private static final Pattern COMPLAINT = Pattern.compile("Problem with token <(.*)> \\[.*", Pattern.DOTALL);

    private final Logger logger;

    /** The filter of {@code logger}, which the replacement is logged through. */
    UnspokenTokens(Logger logger) {
        this.logger = logger;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        Matcher complaint = COMPLAINT.matcher(message == null ? "" : message);
        if (!complaint.matches()) {
            return true;
        }
        if (logger.isLoggable(LEVEL)) {
            LogRecord replacement = new LogRecord(LEVEL, "Could not pronounce a token of "
                    + complaint.group(1).length() + " characters; it is left silent");
            replacement.setLoggerName(record.getLoggerName());
            replacement.setInstant(record.getInstant());
            logger.log(replacement); // passes this filter: its message is not a complaint
        }
        return false;
    }
}
