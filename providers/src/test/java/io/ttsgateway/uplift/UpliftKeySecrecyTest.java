package io.ttsgateway.uplift;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeUplift;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.SynthesisRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ttsgateway.uplift.UpliftProviderTest.KEY;
import static io.ttsgateway.uplift.UpliftProviderTest.PCM_22050;
import static io.ttsgateway.uplift.UpliftProviderTest.failureOf;
import static io.ttsgateway.uplift.UpliftProviderTest.readAll;
import static io.ttsgateway.uplift.UpliftProviderTest.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The API key appears in no log line, at any level, and in no exception message.
 */
class UpliftKeySecrecyTest {

    /** Loggers of the Helidon server the fake runs on. */
    private static final String FAKE_SERVER_LOGGERS = "io.helidon.webserver";

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;
    private FakeUplift fake;

    @BeforeEach
    void captureLogs() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        fake = FakeUplift.start(KEY);
    }

    @AfterEach
    void restoreLogs() {
        fake.close();
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void keyIsInNoLogLineAndNoExceptionMessage() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        URI base = URI.create(fake.baseUrl());
        // A key the fake refuses, which must not leak either.
        String wrongKey = KEY + "_revoked";
        try (UpliftProvider wrong = new UpliftProvider(new UpliftSettings(wrongKey, base, null,
                                                                          ProviderTimeouts.DEFAULT));
                ProviderSession session = wrong.openSession()) {
            ProviderException e = failureOf(session, request(PCM_22050));
            assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
            failures.add(e);
        }
        try (UpliftProvider provider = new UpliftProvider(new UpliftSettings(KEY, base, null,
                                                                             UpliftProviderTest.MEDIUM));
                ProviderSession session = provider.openSession()) {
            for (FakeBehavior.Failure failure : List.of(FakeBehavior.Failure.UNAUTHORIZED,
                                                        FakeBehavior.Failure.SERVER_ERROR,
                                                        FakeBehavior.Failure.DROP_MID_STREAM)) {
                fake.behavior().failNext(failure);
                failures.add(failureOf(session, request(PCM_22050)));
            }
            assertThat(readAll(session.open(request(PCM_22050))).length, greaterThan(0));
            failures.add(assertThrowsProvider(() -> session.open(
                    new SynthesisRequest("x", null, null, PCM_22050, Map.of("speed", "fast")))));
        }
        assertThat(records.size(), greaterThan(0));
        List<String> leaks = new ArrayList<>();
        synchronized (records) {
            for (LogRecord record : records) {
                if (String.valueOf(record.getLoggerName()).startsWith(FAKE_SERVER_LOGGERS)) {
                    // The fake provider's own server logs the headers it receives at FINEST, as the
                    // real provider's servers may; what is checked is the client side.
                    continue;
                }
                for (String text : texts(record)) {
                    if (text.contains(KEY)) {
                        leaks.add(record.getLoggerName() + ": " + text);
                    }
                }
            }
        }
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains(KEY) || t.toString().contains(KEY)) {
                    leaks.add("exception: " + t);
                }
            }
        }
        assertThat(leaks, is(empty()));
    }

    private static List<String> texts(LogRecord record) {
        List<String> texts = new ArrayList<>();
        texts.add(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                texts.add(String.valueOf(parameter));
            }
        }
        texts.add(new SimpleFormatter().format(record));
        return texts;
    }

    private static ProviderException assertThrowsProvider(Opener opener) throws InterruptedException {
        try {
            opener.open();
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    @FunctionalInterface
    private interface Opener {
        void open() throws ProviderException, InterruptedException;
    }
}
