package io.ttsgateway.provider.net;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AudioInboxTest {

    private static final ProviderTimeouts SHORT = new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200),
                                                                       Duration.ofMillis(200));
    private static final ProviderTimeouts LONG = new ProviderTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30),
                                                                      Duration.ofSeconds(30));

    private final AtomicReference<Boolean> released = new AtomicReference<>();

    @Test
    void chunksComeOutInOrderThenTheEnd() throws Exception {
        AudioInbox inbox = inbox(LONG);
        inbox.push(new byte[] {1});
        inbox.push(new byte[] {2, 3});
        inbox.finish();
        assertThat(inbox.read(), is(new byte[] {1}));
        assertThat(inbox.read(), is(new byte[] {2, 3}));
        assertThat(inbox.read(), is(nullValue()));
        inbox.close();
        assertThat("the provider ended it: nothing to cancel", released.get(), is(true));
    }

    @Test
    void noFirstByteIsATimeoutAndIsCancelledAtTheProvider() {
        AudioInbox inbox = inbox(SHORT);
        ProviderException e = assertThrows(ProviderException.class, inbox::read);
        assertThat(e.kind(), is(ProviderErrorKind.TIMEOUT));
        inbox.close();
        assertThat(released.get(), is(false));
    }

    @Test
    void aTimeoutRunsTheTimeoutActionOnceOnTheReader() {
        AtomicInteger runs = new AtomicInteger();
        AudioInbox inbox = inbox(SHORT).onTimeout(runs::incrementAndGet);
        assertThat(assertThrows(ProviderException.class, inbox::read).kind(), is(ProviderErrorKind.TIMEOUT));
        assertThat(runs.get(), is(1));
        assertThat(assertThrows(ProviderException.class, inbox::read).kind(), is(ProviderErrorKind.TIMEOUT));
        assertThat("a failure read again is no new timeout", runs.get(), is(1));
    }

    @Test
    void aStallAfterAudioIsATimeout() throws Exception {
        AudioInbox inbox = inbox(SHORT);
        inbox.push(new byte[] {1});
        assertThat(inbox.read(), is(new byte[] {1}));
        assertThat(assertThrows(ProviderException.class, inbox::read).kind(), is(ProviderErrorKind.TIMEOUT));
    }

    @Test
    void closeFromAnotherThreadEndsABlockedReadAndDropsLaterAudio() throws Exception {
        AudioInbox inbox = inbox(LONG);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return inbox.read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        inbox.close();
        assertThat(read.get(5, TimeUnit.SECONDS), is(nullValue()));
        assertThat("audio after cancel is dropped", inbox.push(new byte[] {9}), is(false));
        assertThat("cancelled: stop it at the provider", released.get(), is(false));
    }

    @Test
    void aFailureDiscardsBufferedAudio() {
        AudioInbox inbox = inbox(LONG);
        inbox.push(new byte[] {1});
        inbox.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, "gone"));
        assertThat(assertThrows(ProviderException.class, inbox::read).kind(), is(ProviderErrorKind.UNAVAILABLE));
    }

    @Test
    void anAbandonedRequestIsCancelledUnlessTheProviderSettledItSince() {
        assertThat(AudioInbox.State.OPEN.next(AudioInbox.State.ABANDONED), is(AudioInbox.State.ABANDONED));
        assertThat("settled: the first error is kept", AudioInbox.State.ABANDONED.next(AudioInbox.State.ENDED),
                   is(AudioInbox.State.FAILED));
        assertThat(AudioInbox.State.ENDED.next(AudioInbox.State.FAILED), is(AudioInbox.State.ENDED));
        assertThat(AudioInbox.State.CLOSED.next(AudioInbox.State.OPEN), is(AudioInbox.State.CLOSED));
        AudioInbox timedOut = inbox(SHORT);
        assertThat(assertThrows(ProviderException.class, timedOut::read).kind(), is(ProviderErrorKind.TIMEOUT));
        timedOut.fail(new ProviderException(ProviderErrorKind.UNAVAILABLE, "gone"));
        assertThat("the first error stays", assertThrows(ProviderException.class, timedOut::read).kind(),
                   is(ProviderErrorKind.TIMEOUT));
        timedOut.close();
        assertThat("the provider ended it after the timeout: nothing to cancel", released.get(), is(true));
    }

    private AudioInbox inbox(ProviderTimeouts timeouts) {
        return new AudioInbox("test", AudioFormat.pcm(24000), timeouts, (inbox, finished) -> released.set(finished));
    }
}
