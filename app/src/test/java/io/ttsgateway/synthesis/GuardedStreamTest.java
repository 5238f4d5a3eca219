package io.ttsgateway.synthesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.breaker.BreakerSettings;
import io.ttsgateway.breaker.BreakerState;
import io.ttsgateway.breaker.CallPermit;
import io.ttsgateway.breaker.ProviderBreaker;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A guarded provider stream reports the call at its first answer: audio closes a half-open
 * breaker, a timeout before it reopens it, and a stream closed first (a cancel, whose reader then
 * fails) gives no verdict.
 */
class GuardedStreamTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(10);
    private static final ProviderException TIMEOUT = new ProviderException(ProviderErrorKind.TIMEOUT, "no first byte");

    private final AtomicLong now = new AtomicLong();
    private final ProviderBreaker breaker = new ProviderBreaker("p", new BreakerSettings(1, COOL_DOWN), now::get,
                                                                (provider, from, to, why) -> { });

    @Test
    void theTrialsFirstAudioClosesTheBreaker() throws Exception {
        try (GuardedStream stream = new GuardedStream(new Scripted(new byte[2]), trial())) {
            stream.read();
        }
        assertThat(breaker.state(), is(BreakerState.CLOSED));
    }

    @Test
    void aTimeoutBeforeAudioReopensIt() throws Exception {
        try (GuardedStream stream = new GuardedStream(new Scripted(TIMEOUT), trial())) {
            assertThrows(ProviderException.class, stream::read);
        }
        assertThat(breaker.state(), is(BreakerState.OPEN));
    }

    @Test
    void aStreamClosedBeforeItsAnswerGivesNoVerdict() throws Exception {
        GuardedStream stream = new GuardedStream(new Scripted(TIMEOUT), trial());
        stream.close(); // the client cancelled; its reader then fails as the stream is closed
        assertThrows(ProviderException.class, stream::read);

        assertThat(breaker.state(), is(BreakerState.HALF_OPEN));
        breaker.acquire().succeeded(); // the next request is the trial
        assertThat(breaker.state(), is(BreakerState.CLOSED));
    }

    @Test
    void aFailureAfterAudioIsNotTheCallsVerdict() throws Exception {
        try (GuardedStream stream = new GuardedStream(new Scripted(new byte[2], TIMEOUT), breaker.acquire())) {
            stream.read();
            assertThrows(ProviderException.class, stream::read);
        }
        assertThat(breaker.state(), is(BreakerState.CLOSED));
    }

    /** Opens the breaker and lets its cool-down pass: the next permit is the trial. */
    private CallPermit trial() throws Exception {
        breaker.acquire().failed(TIMEOUT);
        now.addAndGet(COOL_DOWN.toNanos());
        return breaker.acquire();
    }

    /** Answers each read with the next chunk or failure. */
    private static final class Scripted implements AudioStream {

        private final List<Object> answers;

        Scripted(Object... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public AudioFormat format() {
            return AudioFormat.pcm(24000);
        }

        @Override
        public byte[] read() throws ProviderException {
            Object next = answers.isEmpty() ? null : answers.removeFirst();
            if (next instanceof ProviderException failure) {
                throw failure;
            }
            return (byte[]) next;
        }

        @Override
        public void close() {
        }
    }
}
