package io.ttsgateway.marytts;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * MaryTTS's log4j 1.2 calls and jtok's SLF4J calls end in java.util.logging, at the matching level,
 * and the phonemiser's per-token complaints without the token.
 */
class MaryLoggingTest {

    private final Records mary = new Records();
    private final Records slf4j = new Records();
    private final Logger maryLogger = Logger.getLogger(MaryLogging.LOGGER_NAME);
    private final Logger slf4jLogger = Logger.getLogger("io.ttsgateway.marytts.slf4j");

    @BeforeEach
    void capture() {
        MaryLogging.configure();
        maryLogger.addHandler(mary);
        slf4jLogger.addHandler(slf4j);
    }

    @AfterEach
    void release() {
        maryLogger.removeHandler(mary);
        slf4jLogger.removeHandler(slf4j);
        maryLogger.setLevel(MaryLogging.DEFAULT_LEVEL);
    }

    @Test
    void log4jRecordsReachTheJulLoggerOfTheSameNameAtTheirLevel() {
        org.apache.log4j.Logger module = org.apache.log4j.Logger.getLogger("marytts.SomeModule");
        module.error("the voice is missing");
        module.warn("a lexicon entry is odd");
        module.info("processing a sentence");

        assertThat(mary.levels(), contains(Level.SEVERE, Level.WARNING));
        assertThat(mary.records.getFirst().getLoggerName(), is("marytts.SomeModule"));
        assertThat(mary.records.getFirst().getMessage(), is("the voice is missing"));
    }

    @Test
    void infoIsThereWhenTheOperatorAsksForIt() {
        maryLogger.setLevel(Level.INFO);
        org.apache.log4j.Logger.getLogger("marytts.SomeModule").info("processing a sentence");

        assertThat(mary.levels(), contains(Level.INFO));
    }

    @Test
    void aTokenComplaintLosesItsTokenAndItsErrorLevel() {
        org.apache.log4j.Logger phonemiser = org.apache.log4j.Logger.getLogger(MaryLogging.PHONEMISER_LOGGER_NAME);
        String complaint = "Problem with token <Zyxwvq> [z i k]: Cannot syllabify empty phone string";
        phonemiser.error(complaint);
        assertThat(mary.records, is(empty()));

        maryLogger.setLevel(Level.ALL);
        phonemiser.error(complaint);
        assertThat(mary.levels(), contains(UnspokenTokens.LEVEL));
        String message = mary.records.getFirst().getMessage();
        assertThat(message, containsString("token of 6 characters"));
        assertThat(message, not(containsString("Zyxwvq")));
        assertThat(message, not(containsString("z i k")));
    }

    @Test
    void otherPhonemiserErrorsPassUnchanged() {
        org.apache.log4j.Logger.getLogger(MaryLogging.PHONEMISER_LOGGER_NAME).error("lexicon cannot be read");

        assertThat(mary.levels(), contains(Level.SEVERE));
        assertThat(mary.records.getFirst().getMessage(), is("lexicon cannot be read"));
    }

    @Test
    void slf4jWritesToJavaUtilLogging() {
        org.slf4j.LoggerFactory.getLogger(slf4jLogger.getName()).warn("jtok says so");

        assertThat(slf4j.levels(), contains(Level.WARNING));
        assertThat(slf4j.records.getFirst().getMessage(), is("jtok says so"));
    }

    /** Keeps what reaches a logger. */
    private static final class Records extends Handler {
        private final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        synchronized List<Level> levels() {
            return records.stream().map(LogRecord::getLevel).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
