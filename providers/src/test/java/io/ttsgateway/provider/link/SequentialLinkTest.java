package io.ttsgateway.provider.link;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * What the core does for sequential providers such as Deepgram: a budget of sends per window
 * ({@link Call#trySend}), closes that answer a request rather than lose it, a goodbye message before
 * the close, the newest link first, and a wait for a cancel's confirmation rather than a new link.
 */
class SequentialLinkTest {

    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                                                                          Duration.ofSeconds(2));
    private static final Duration LONG = Duration.ofMinutes(5);
    /** One request a link, at most two sends a window, a probe of 300 ms, 5 s for a cancel's confirmation. */
    private static final LinkLimits LIMITS = new LinkLimits(1, true, 0, 2, LONG, LONG, LONG, Duration.ofMillis(300),
                                                            Duration.ofSeconds(5));

    /** {@link TextCodec} whose close with reason {@code refused} answers the request, and says {@code bye}. */
    private static final LinkCodec CODEC = new LinkCodec() {
        private final TextCodec text = new TextCodec(false, true);

        @Override
        public Frame decode(String message) {
            return text.decode(message);
        }

        @Override
        public List<String> cancel(String route) {
            return text.cancel(route);
        }

        @Override
        public boolean cancelHoldsSlot() {
            return true;
        }

        @Override
        public ProviderException closed(int code, String reason) {
            return text.closed(code, reason);
        }

        @Override
        public boolean resendable(int code, String reason) {
            return !reason.equals("refused");
        }

        @Override
        public List<String> goodbye() {
            return List.of("bye");
        }
    };

    private final LinkServer server = new LinkServer();
    private final HttpClient client = HttpClient.newHttpClient();
    private final LinkPool<String> pool = new LinkPool<>("test", client, TIMEOUTS, LIMITS, CODEC, k -> server.target());

    @AfterEach
    void tearDown() {
        pool.close();
        server.close();
        client.close();
    }

    @Test
    void aLinkOutOfSendsTakesNoFurtherSendAndNoNewRequest() throws Exception {
        Call call = pool.start("k", new RecordingRoute("a"), List.of("req a"), 1);
        LinkServer.Peer first = server.nextPeer();
        assertThat(first.next(), is("req a"));
        assertThat(call.trySend(List.of("more a", "flush a"), 1), is(true));
        assertThat(first.next(), is("more a"));
        assertThat(first.next(), is("flush a"));

        assertThat("two sends a window", call.trySend(List.of("again a"), 1), is(false));
        call.close(true);
        pool.start("k", new RecordingRoute("b"), List.of("req b"), 1);

        assertThat(server.nextPeer().next(), is("req b"));
        assertThat(first.poll(100), is(nullValue()));
    }

    @Test
    void aCloseThatAnswersTheRequestIsNotResent() throws Exception {
        LinkServer.Peer first = served();
        RecordingRoute b = new RecordingRoute("b");
        pool.start("k", b, List.of("req b"), 1);
        assertThat(first.next(), is("req b"));

        first.close(4008, "refused");

        assertThat(b.loss().answered(), is(true));
        assertThat(server.opened(), is(1));
    }

    @Test
    void theGoodbyeGoesBeforeTheClose() throws Exception {
        pool.warm("k");
        LinkServer.Peer peer = server.nextPeer();

        pool.close();

        assertThat(peer.next(), is("bye"));
        assertThat(peer.awaitClosed(), is(true));
    }

    @Test
    void theNewestLinkWithRoomIsTakenFirst() throws Exception {
        Call a = pool.start("k", new RecordingRoute("a"), List.of("req a"), 1);
        LinkServer.Peer first = server.nextPeer();
        pool.start("k", new RecordingRoute("b"), List.of("req b"), 1).close(true);
        LinkServer.Peer second = server.nextPeer();
        assertThat(second.next(), is("req b"));
        a.close(true);

        pool.start("k", new RecordingRoute("c"), List.of("req c"), 1);

        assertThat(second.next(), is("req c"));
        assertThat(first.next(), is("req a"));
        assertThat(first.poll(100), is(nullValue()));
    }

    @Test
    void aNewRequestWaitsForACancelsConfirmationRatherThanOpeningALink() throws Exception {
        pool.start("k", new RecordingRoute("a"), List.of("req a"), 1).close(false);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        assertThat(peer.next(), is("cancel a"));
        RecordingRoute b = new RecordingRoute("b");
        CompletableFuture<Call> started = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.start("k", b, List.of("req b"), 1);
            } catch (ProviderException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        assertThat("b waits for the confirmation", peer.poll(200), is(nullValue()));

        peer.send("done -");

        assertThat(peer.next(), is("req b"));
        started.get(5, TimeUnit.SECONDS);
        peer.send("done -");
        assertThat(b.frame(), instanceOf(Frame.Done.class));
        assertThat(server.opened(), is(1));
    }

    /** Runs one request to its end, so that the next finds the link reused. */
    private LinkServer.Peer served() throws Exception {
        RecordingRoute a = new RecordingRoute("a");
        Call call = pool.start("k", a, List.of("req a"), 1);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        peer.send("done -");
        assertThat(a.frame(), instanceOf(Frame.Done.class));
        call.close(true);
        return peer;
    }
}
