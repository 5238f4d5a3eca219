package io.ttsgateway.elevenlabs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.Test;

import io.ttsgateway.fakes.FakeBehavior;
import io.ttsgateway.fakes.FakeElevenLabs;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;

import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.KEY;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.RELAXED;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.SHORT;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.failureOf;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.readAll;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.request;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.settings;
import static io.ttsgateway.elevenlabs.ElevenLabsTestSupport.startFake;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The API key in no log line, at any level, and in no exception message, through failing and
 * successful requests on both transports.
 */
class ElevenLabsKeyHygieneTest {

    /**
     * The fake ElevenLabs runs on Helidon's server, which at FINEST logs the headers it receives,
     * key included: that is the provider's side of the wire, not the gateway's client. (The
     * gateway's own server never receives this key.)
     */
    private static final String FAKE_SERVER_LOGGERS = "io.helidon.webserver";

    @Test
    void theKeyIsNeverLoggedNorInAnException() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<String> messages = new ArrayList<>();
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith(FAKE_SERVER_LOGGERS)) {
                    return;
                }
                StringBuilder line = new StringBuilder(record.getLoggerName() + ": " + formatter.formatMessage(record));
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(' ').append(trace);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        try (FakeElevenLabs fake = startFake()) {
            ElevenLabsProvider provider = new ElevenLabsProvider(settings(fake, KEY, RELAXED));
            ElevenLabsProvider impatient = new ElevenLabsProvider(settings(fake, KEY, SHORT));
            try (ProviderSession session = provider.openSession()) {
                fake.behavior().failNext(FakeBehavior.Failure.UNAUTHORIZED);
                messages.addAll(messagesOf(failureOf(session.open(request("pcm_16000")))));
                readAll(session.open(request("pcm_16000")));
                fake.behavior().failNext(FakeBehavior.Failure.DROP_MID_STREAM);
                messages.addAll(messagesOf(failureOf(session.open(request("pcm_16000")))));

                fake.behavior().failNext(FakeBehavior.Failure.UNAUTHORIZED);
                messages.addAll(messagesOf(failureOf(provider.open(request("pcm_16000")))));
                readAll(provider.open(request("pcm_16000")));
                fake.behavior().failNext(FakeBehavior.Failure.STALL_BEFORE_AUDIO);
                ProviderException stalled = failureOf(impatient.open(request("pcm_16000")));
                assertThat(stalled.kind(), is(ProviderErrorKind.TIMEOUT));
                messages.addAll(messagesOf(stalled));
            } finally {
                provider.close();
                impatient.close();
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }

        assertThat(messages, is(not(empty())));
        assertThat(messages, everyItem(not(containsString(KEY))));
        assertThat(lines, is(not(empty())));
        synchronized (lines) {
            assertThat(lines, everyItem(not(containsString(KEY))));
        }
    }

    private static List<String> messagesOf(Throwable error) {
        List<String> all = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
            all.add(t.toString());
        }
        return all;
    }
}
