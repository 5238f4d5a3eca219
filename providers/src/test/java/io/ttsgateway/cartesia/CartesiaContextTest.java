package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.net.AudioInbox;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One Cartesia context's state, inputs and routing, without a socket. */
class CartesiaContextTest {

    private static final AudioFormat PCM_8K = AudioFormat.pcm(8000);
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                                                                          Duration.ofSeconds(5));
    private static final CartesiaGeneration TEMPLATE = new CartesiaGeneration("sonic-2", "v", null, "", PCM_8K, false,
                                                                              null, null, Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Frame> frames = new ArrayList<>();
    private final List<ProviderException> losses = new ArrayList<>();
    private final CartesiaContext context = new CartesiaContext(PCM_8K, (from, frame) -> frames.add(frame),
                                                                (from, error) -> losses.add(error));

    @Test
    void aLiveStateMovesOnButNeverBackToOpenAndAnEndedOneStays() {
        assertThat(CartesiaContext.State.OPEN.next(CartesiaContext.State.ENDING), is(CartesiaContext.State.ENDING));
        assertThat(CartesiaContext.State.ENDING.next(CartesiaContext.State.OPEN), is(CartesiaContext.State.ENDING));
        assertThat(CartesiaContext.State.ENDING.next(CartesiaContext.State.DONE), is(CartesiaContext.State.DONE));
        assertThat(CartesiaContext.State.DONE.next(CartesiaContext.State.FAILED), is(CartesiaContext.State.DONE));
        assertThat(CartesiaContext.State.CLOSED.next(CartesiaContext.State.OPEN), is(CartesiaContext.State.CLOSED));
    }

    @Test
    void aSegmentIsAnInputAndAFlushOrAWholeRequestOneFinalInput() throws Exception {
        List<String> continued = context.add(segment("one "), TEMPLATE, false);
        assertThat(continued.size(), is(2));
        assertThat(JSON.readTree(continued.get(0)).path("continue").asBoolean(), is(true));
        assertThat(JSON.readTree(continued.get(1)).path("flush").asBoolean(), is(true));
        assertThat(JSON.readTree(continued.get(1)).path("context_id").asText(), is(context.id()));
        List<String> whole = context.add(segment("two"), TEMPLATE, true);
        assertThat(whole.size(), is(1));
        assertThat(JSON.readTree(whole.getFirst()).path("continue").asBoolean(), is(false));
    }

    @Test
    void anEndingContextGeneratesUntilDoneAndAFreshOneHasNotExpired() {
        assertTrue(context.generating(), "open");
        assertFalse(context.expiring(), "just heard from");
        context.add(segment("one"), TEMPLATE, true);
        context.moveTo(CartesiaContext.State.ENDING);
        assertTrue(context.generating(), "its segment has not finished");
        context.heard(new Frame.Done(context.id()), false);
        assertThat(context.state(), is(CartesiaContext.State.DONE));
        assertFalse(context.generating());
        assertFalse(context.expiring(), "only an open context expires");
    }

    @Test
    void theLinksFramesAndLossGoToItsUtterance() {
        Frame done = new Frame.Done(context.id());
        ProviderException error = new ProviderException(ProviderErrorKind.UNAVAILABLE, "gone");
        context.accept(done);
        context.lost(error, false);
        assertThat(frames, contains(done));
        assertThat(losses, contains(error));
    }

    private static CartesiaTimeline.Segment segment(String text) {
        return new CartesiaTimeline.Segment(text, new AudioInbox("cartesia", PCM_8K, TIMEOUTS, (box, done) -> { }));
    }
}
