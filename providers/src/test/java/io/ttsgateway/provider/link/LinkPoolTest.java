package io.ttsgateway.provider.link;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinkPoolTest {

    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                                                                          Duration.ofSeconds(2));
    private static final Duration LONG = Duration.ofMinutes(5);
    /**
     * Many routes a link, no budget, nothing idle, no pings, and a probe that pings a reused link but
     * never cuts it within a test: a live link's pong can take more than any short probe on a loaded
     * machine, and the cut would move a request the test follows on the link it was sent on.
     */
    private static final LinkLimits MULTI = new LinkLimits(8, false, 0, LONG, LONG, LONG, LONG, LONG);
    /** As {@link #MULTI} with a probe of 300 ms, for a peer that answers nothing: only the probe ends its link. */
    private static final LinkLimits PROBED = new LinkLimits(8, false, 0, LONG, LONG, LONG, Duration.ofMillis(300),
                                                            LONG);

    private final LinkServer server = new LinkServer();
    private final HttpClient client = HttpClient.newHttpClient();
    private LinkPool<String> pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        server.close();
        client.close();
    }

    private LinkPool<String> pool(LinkLimits limits, LinkCodec codec) {
        pool = new LinkPool<>("test", client, TIMEOUTS, limits, codec, k -> server.target());
        return pool;
    }

    private Call start(String id, RecordingRoute route) throws Exception {
        return pool.start("k", route, List.of("req " + id), id.length());
    }

    /** Runs one request to its end on the pool, so the next request finds its link reused. */
    private LinkServer.Peer served() throws Exception {
        RecordingRoute first = new RecordingRoute("a");
        Call call = start("a", first);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        peer.send("done a");
        assertThat(first.frame(), instanceOf(Frame.Done.class));
        call.close(true);
        return peer;
    }

    /**
     * Waits for a condition while pinging the call's link as a waiting reader does
     * ({@code AudioInbox.probeWith}): the JDK client may miss a dropped connection until it writes.
     */
    private static <T> T whilePinging(Call call, Callable<T> poll) throws Exception {
        for (int i = 0; i < 100; i++) {
            T result = poll.call();
            if (result != null) {
                return result;
            }
            call.ping();
        }
        throw new AssertionError("nothing came while pinging");
    }

    @Test
    void framesReachTheirRouteAndTheLinkIsReused() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        LinkServer.Peer peer = served();
        RecordingRoute b = new RecordingRoute("b");
        Call call = start("b", b);
        assertThat(peer.next(), is("req b"));
        call.send("more b", 4);
        assertThat(peer.next(), is("more b"));
        peer.send("audio b hello");
        peer.send("done b");
        assertThat(new String(((Frame.Audio) b.frame()).audio(), StandardCharsets.UTF_8), is("hello"));
        assertThat(b.frame(), instanceOf(Frame.Done.class));
        assertThat(server.opened(), is(1));
        assertThat(pool.size(), is(1));
    }

    @Test
    void anUnansweredRequestOnADeadReusedLinkIsSentOnceMoreOnANewOne() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        LinkServer.Peer first = served();
        RecordingRoute b = new RecordingRoute("b");
        Call call = start("b", b);
        assertThat(first.next(), is("req b"));
        first.drop();
        LinkServer.Peer second = whilePinging(call, () -> server.pollPeer(50));
        assertThat(second.next(), is("req b"));
        second.send("done b");
        assertThat(b.frame(), instanceOf(Frame.Done.class));
        assertThat("the route never heard of the loss", b.quiet(), is(true));
    }

    @Test
    void aResendCarriesTheIdTheRouteRenewedTo() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        LinkServer.Peer first = served();
        RecordingRoute b = new RecordingRoute("b").renewTo("b2");
        Call call = start("b", b);
        assertThat(first.next(), is("req b"));
        first.close(1001, "going away");
        LinkServer.Peer second = server.nextPeer();
        assertThat(second.next(), is("req b2"));
        call.send("more b", 4);
        assertThat("a message built under the old id", second.next(), is("more b2"));
        second.send("done b2");
        assertThat(b.frame(), instanceOf(Frame.Done.class));
        assertThat(b.quiet(), is(true));
    }

    @Test
    void sendsRacingTheEndOfAReusedLinkGoWithTheResend() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        LinkServer.Peer first = served();
        RecordingRoute b = new RecordingRoute("b");
        Call call = start("b", b);
        assertThat(first.next(), is("req b"));
        first.close(1000, "idle");
        // Sent until well after the close was seen: some race its report, and none may fail the request.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int sends = 0;
        for (int after = 0; after < 20 && System.nanoTime() < deadline; after += first.isClosed() ? 1 : 0) {
            call.send("more b " + sends++, 0);
        }
        LinkServer.Peer second = server.nextPeer();
        assertThat(second.next(), is("req b"));
        for (int i = 0; i < sends; i++) {
            assertThat(second.next(), is("more b " + i));
        }
        assertThat("the route never heard of the loss", b.quiet(), is(true));
    }

    @Test
    void startsRacingTheEndOfAReusedLinkAreNeitherFailedNorLost() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        LinkServer.Peer first = served();
        first.close(1000, "idle");
        // Started until well after a new link took over: some race the end's report, and none may fail or be lost.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int starts = 0;
        for (int after = 0; after < 20 && System.nanoTime() < deadline; after += server.opened() > 1 ? 1 : 0) {
            RecordingRoute route = new RecordingRoute("s" + starts++);
            Call call = start(route.id(), route);
            assertThat(route.id() + " heard of no loss", route.quiet(), is(true));
            call.close(true);
        }
        assertThat("the first link's end was seen", server.opened() > 1, is(true));
    }

    @Test
    void anAnsweredRequestIsLostNotResent() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        LinkServer.Peer first = served();
        RecordingRoute b = new RecordingRoute("b");
        Call call = start("b", b);
        assertThat(first.next(), is("req b"));
        first.send("event b");
        assertThat(b.frame(), instanceOf(Frame.Event.class));
        first.drop();
        RecordingRoute.Loss loss = whilePinging(call, () -> b.pollLoss(50));
        assertThat(loss.answered(), is(true));
        assertThat("the codec's error", loss.error().getMessage(), containsString("closed 1006"));
        assertThat(server.opened(), is(1));
    }

    @Test
    void aRequestOnANewLinkIsNotResent() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        Call call = start("a", a);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        peer.drop();
        assertThat(whilePinging(call, () -> a.pollLoss(50)).answered(), is(false));
        assertThat(server.opened(), is(1));
    }

    @Test
    void aReusedLinkThatAnswersNothingIsCutByTheProbeAndTheRequestResent() throws Exception {
        pool(PROBED, TextCodec.PLAIN);
        LinkServer.Peer first = served();
        first.hang();
        RecordingRoute b = new RecordingRoute("b");
        start("b", b);
        assertThat(first.next(), is("req b"));
        LinkServer.Peer second = server.nextPeer();
        assertThat(second.next(), is("req b"));
        second.send("done b");
        assertThat(b.frame(), instanceOf(Frame.Done.class));
        assertThat(b.quiet(), is(true));
    }

    @Test
    void aQuietLinkIsPinged() throws Exception {
        Duration ping = Duration.ofMillis(50);
        pool(new LinkLimits(8, false, 0, LONG, LONG, ping, Duration.ZERO, LONG), TextCodec.PLAIN);
        pool.warm("k");
        assertThat(server.nextPeer().awaitPing(), is(true));
    }

    @Test
    void aRetiredLinkTakesNoNewRequestAndClosesWhenDrained() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        Call call = start("a", a);
        LinkServer.Peer first = server.nextPeer();
        assertThat(first.next(), is("req a"));
        call.retire();
        RecordingRoute b = new RecordingRoute("b");
        start("b", b);
        LinkServer.Peer second = server.nextPeer();
        assertThat(second.next(), is("req b"));
        assertThat("still serving a", first.isClosed(), is(false));
        first.send("done a");
        assertThat(a.frame(), instanceOf(Frame.Done.class));
        assertThat(first.awaitClosed(), is(true));
    }

    @Test
    void aRetiredLinkSendsTheCancelOfItsLastRequestBeforeItCloses() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        Call call = start("a", new RecordingRoute("a"));
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        call.retire(); // as a request that timed out does, before its reader closes it
        call.close(false);
        assertThat(peer.next(), is("cancel a"));
        assertThat(peer.awaitClosed(), is(true));
    }

    @Test
    void anIdleLinkIsReplacedNotReused() throws Exception {
        pool(new LinkLimits(8, false, 0, LONG, Duration.ofNanos(1), LONG, Duration.ZERO, LONG), TextCodec.PLAIN);
        LinkServer.Peer first = served();
        start("b", new RecordingRoute("b"));
        assertThat(server.nextPeer().next(), is("req b"));
        assertThat(first.awaitClosed(), is(true));
    }

    @Test
    void aClosedRequestIsCancelledOffTheReaderAndItsAudioDropped() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        Call[] call = new Call[1];
        // Closed from the reader itself, as a route that finds its audio broken does.
        a.onFrame(frame -> call[0].close(false));
        call[0] = start("a", a);
        RecordingRoute c = new RecordingRoute("c");
        start("c", c);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        assertThat(peer.next(), is("req c"));
        peer.send("event a");
        assertThat(a.frame(), instanceOf(Frame.Event.class));
        assertThat(peer.next(), is("cancel a"));
        peer.send("audio a late");
        peer.send("done c");
        assertThat(c.frame(), instanceOf(Frame.Done.class));
        assertThat("nothing after the close", a.quiet(), is(true));
    }

    @Test
    void aCancelledRequestHoldsItsSlotUntilConfirmed() throws Exception {
        pool(new LinkLimits(2, false, 0, LONG, LONG, LONG, Duration.ZERO, LONG), new TextCodec(false, true));
        start("a", new RecordingRoute("a")).close(false);
        RecordingRoute x = new RecordingRoute("x");
        start("x", x);
        LinkServer.Peer first = server.nextPeer();
        // The cancel leaves on a thread of its own: it may pass x's request.
        assertThat(Set.of(first.next(), first.next(), first.next()), is(Set.of("req a", "cancel a", "req x")));
        start("b", new RecordingRoute("b"));
        LinkServer.Peer second = server.nextPeer();
        assertThat("a still holds its slot", second.next(), is("req b"));
        first.send("done a");
        first.send("event x");
        assertThat("the reader got past a's confirmation", x.frame(), instanceOf(Frame.Event.class));
        start("c", new RecordingRoute("c"));
        assertThat(first.next(), is("req c"));
        assertThat(server.opened(), is(2));
    }

    @Test
    void anUnconfirmedCancelRetiresTheLinkAfterCancelWait() throws Exception {
        pool(new LinkLimits(1, false, 0, LONG, LONG, LONG, Duration.ZERO, Duration.ofMillis(100)),
             new TextCodec(false, true));
        start("a", new RecordingRoute("a")).close(false);
        LinkServer.Peer first = server.nextPeer();
        assertThat(first.next(), is("req a"));
        assertThat(first.next(), is("cancel a"));
        assertThat(first.awaitClosed(), is(true));
    }

    @Test
    void aLinkOverItsCharacterBudgetTakesNoNewRequest() throws Exception {
        pool(new LinkLimits(8, false, 10, LONG, LONG, LONG, Duration.ZERO, LONG), TextCodec.PLAIN);
        pool.start("k", new RecordingRoute("a"), List.of("req a"), 6);
        LinkServer.Peer first = server.nextPeer();
        assertThat(first.next(), is("req a"));
        pool.start("k", new RecordingRoute("b"), List.of("req b"), 6);
        assertThat(server.nextPeer().next(), is("req b"));
        pool.start("k", new RecordingRoute("c"), List.of("req c"), 4);
        assertThat("4 more fit on the first", first.next(), is("req c"));
    }

    @Test
    void aSequentialLinkGivesFramesWithoutRouteToTheRequestBeingServed() throws Exception {
        pool(new LinkLimits(1, true, 0, LONG, LONG, LONG, Duration.ZERO, LONG), TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        start("a", a);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
        peer.send("audio - x");
        peer.send("done -");
        assertThat(a.frame(), instanceOf(Frame.Audio.class));
        assertThat(a.frame(), instanceOf(Frame.Done.class));
        RecordingRoute b = new RecordingRoute("b");
        start("b", b);
        assertThat(peer.next(), is("req b"));
        peer.send("done -");
        assertThat(b.frame(), instanceOf(Frame.Done.class));
        assertThat(server.opened(), is(1));
    }

    @Test
    void aCloseCodeFailsEveryRequestWithTheCodecsError() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        RecordingRoute b = new RecordingRoute("b");
        start("a", a);
        start("b", b);
        LinkServer.Peer peer = server.nextPeer();
        peer.next();
        peer.next();
        // Answered, so neither is sent again.
        peer.send("event a");
        peer.send("event b");
        b.frame();
        peer.close(4001, "quota");
        assertThat(a.loss().error().getMessage(), is("closed 4001 quota"));
        assertThat(b.loss().error().providerStatus(), is(4001));
    }

    @Test
    void aRefusedUpgradeFailsTheStartWithItsStatus() {
        pool(MULTI, TextCodec.PLAIN);
        server.refuseNext(401);
        ProviderException e = assertThrows(ProviderException.class, () -> start("a", new RecordingRoute("a")));
        assertThat(e.kind(), is(ProviderErrorKind.AUTH_FAILED));
    }

    @Test
    void aFailureWithoutRouteFailsAllAndARefusedKeyRetires() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        RecordingRoute b = new RecordingRoute("b");
        start("a", a);
        start("b", b);
        LinkServer.Peer peer = server.nextPeer();
        peer.next();
        peer.next();
        peer.send("fail - AUTH_FAILED");
        assertThat(((Frame.Failed) a.frame()).error().kind(), is(ProviderErrorKind.AUTH_FAILED));
        assertThat(((Frame.Failed) b.frame()).route(), is("b"));
        assertThat("retired and drained", peer.awaitClosed(), is(true));
    }

    @Test
    void aLinkWaitsForReadyWhenTheCodecSaysSo() throws Exception {
        server.readyOnOpen();
        pool(MULTI, new TextCodec(true, false));
        RecordingRoute a = new RecordingRoute("a");
        start("a", a);
        LinkServer.Peer peer = server.nextPeer();
        assertThat(peer.next(), is("req a"));
    }

    @Test
    void noReadyInTimeFailsTheStart() {
        pool(MULTI, new TextCodec(true, false));
        ProviderException e = assertThrows(ProviderException.class, () -> start("a", new RecordingRoute("a")));
        assertThat(e.getMessage(), containsString("did not get ready"));
    }

    @Test
    void closingThePoolLosesEveryRequestAsClosed() throws Exception {
        pool(MULTI, TextCodec.PLAIN);
        RecordingRoute a = new RecordingRoute("a");
        start("a", a);
        assertThat(server.nextPeer().next(), is("req a"));
        pool.close();
        RecordingRoute.Loss loss = a.loss();
        assertThat(loss.error().kind(), is(ProviderErrorKind.UNAVAILABLE));
        assertThat(loss.error().getMessage(), is("test connection closed"));
        assertThat(pool.size(), is(0));
        assertThat(assertThrows(ProviderException.class, () -> start("b", new RecordingRoute("b"))).kind(),
                   is(ProviderErrorKind.UNAVAILABLE));
        assertThat(a.quiet(), is(true));
        assertThat(server.opened(), is(1));
    }
}
