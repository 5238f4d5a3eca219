package io.ttsgateway.cartesia;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.net.AudioInbox;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Which segment of a context Cartesia's answers go to, without a socket. */
class CartesiaTimelineTest {

    private static final AudioFormat PCM_8K = AudioFormat.pcm(8000);
    private static final ProviderTimeouts TIMEOUTS = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                                                                          Duration.ofSeconds(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CartesiaTimeline timeline = new CartesiaTimeline(PCM_8K);
    private final List<CartesiaTimeline.Segment> segments = List.of(segment("one"), segment("two"),
                                                                    segment("three"));

    @Test
    void untaggedAudioGoesToTheOldestUnfinishedSegmentUntilItsFlushIsDone() throws Exception {
        segments.forEach(timeline::add);
        timeline.accept(new Frame.Audio("c", new byte[] {1}), false);
        assertThat(timeline.accept(event("flush_done", "{\"flush_id\":1}"), false), is(false));
        timeline.accept(new Frame.Audio("c", new byte[] {2}), false);
        assertThat(read(0), is(new byte[] {1}));
        assertThat("ended by its flush_done", read(0), is(nullValue()));
        assertThat(read(1), is(new byte[] {2}));
        assertThat(timeline.unfinished(), is(segments.subList(1, 3)));
    }

    @Test
    void flushesCountedFromZeroAndTaggedChunksFindTheirSegment() throws Exception {
        segments.forEach(timeline::add);
        timeline.accept(event("flush_done", "{\"flush_id\":0}"), false);
        timeline.accept(chunk(2, new byte[] {3}), false);
        assertThat("a chunk of the third segment ends the second", read(1), is(nullValue()));
        assertThat(read(2), is(new byte[] {3}));
        assertThat(timeline.accept(new Frame.Done("c"), false), is(true));
        assertThat(timeline.finished(), is(true));
    }

    @Test
    void wordTimingsCountFromTheirSegmentsStartUnlessTheyRestart() throws Exception {
        segments.forEach(timeline::add);
        byte[] second = new byte[16000]; // a second of 8 kHz PCM
        timeline.accept(new Frame.Audio("c", second), true);
        timeline.accept(event("timestamps", words("one", 0.0, 1.0)), true);
        timeline.accept(event("flush_done", "{\"flush_id\":1}"), true);
        timeline.accept(new Frame.Audio("c", second), true);
        timeline.accept(event("timestamps", words("two", 1.0, 2.0)), true); // context time
        timeline.accept(event("flush_done", "{\"flush_id\":2}"), true);
        timeline.accept(new Frame.Audio("c", second), true);
        timeline.accept(event("timestamps", words("three", 0.0, 1.0)), true); // restarted at zero
        for (int i = 0; i < 3; i++) {
            WordAlignment words = segments.get(i).inbox().nextAlignment();
            assertThat(words.startMs(), is(List.of(0L)));
            assertThat(words.endMs(), is(List.of(1000L)));
        }
    }

    @Test
    void segmentsServedBeforeSilentOnesMayMove() throws Exception {
        segments.forEach(timeline::add);
        assertThat("nothing finished yet", timeline.servedBeforeSilence(), is(false));
        timeline.accept(event("flush_done", "{\"flush_id\":1}"), false);
        assertThat(timeline.servedBeforeSilence(), is(true));
        timeline.accept(new Frame.Audio("c", new byte[] {1}), false);
        assertThat("the second has audio: it played", timeline.servedBeforeSilence(), is(false));
    }

    private byte[] read(int segment) throws Exception {
        AudioInbox inbox = segments.get(segment).inbox();
        return inbox.read();
    }

    private static CartesiaTimeline.Segment segment(String text) {
        return new CartesiaTimeline.Segment(text, new AudioInbox("cartesia", PCM_8K, TIMEOUTS, (box, done) -> { }));
    }

    private static Frame.Event event(String type, String json) throws Exception {
        return new Frame.Event("c", type, JSON.readTree(json));
    }

    private static Frame.Event chunk(int flushId, byte[] audio) throws Exception {
        return event("chunk", "{\"flush_id\":" + flushId + ",\"data\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}");
    }

    private static String words(String word, double start, double end) {
        return "{\"word_timestamps\":{\"words\":[\"" + word + "\"],\"start\":[" + start + "],\"end\":[" + end + "]}}";
    }
}
