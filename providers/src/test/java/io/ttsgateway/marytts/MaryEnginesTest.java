package io.ttsgateway.marytts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class MaryEnginesTest {

    /** One sentence of about 15 s: its vocoder runs for a second or more after its first piece. */
    private static final String LONG_SENTENCE = "The twilight sun cast its warm golden hues upon the vast rolling fields "
            + "and the quiet river that wound between the old stone farms where the tired workers walked home "
            + "slowly after a long and dusty day of bringing in the harvest before the first autumn storms.";
    private static MaryEngines engines;

    @BeforeAll
    static void start() throws Exception {
        engines = MaryEngines.start(new MaryTtsSettings(MaryTtsProvider.DEFAULT_VOICE, 1, 0, Duration.ofSeconds(30),
                                                        Duration.ofMillis(100)));
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    @Test
    void handsOnTheFirstPieceWhileTheVocoderStillRunsAndTheWholeSentenceAfter() throws Exception {
        assertThat("warmed up, the engine is free", engines.idleEngines(), is(1));
        SpeechFeed feed = engines.synthesize(LONG_SENTENCE, SpeakingRate.NORMAL, true);
        MarySpeech first = feed.next();
        // Read at once, the first piece comes while its engine still synthesizes the rest.
        assertThat("the engine is still taken", engines.idleEngines(), is(0));
        assertThat("20 ms", first.durationMs(), closeTo(20, 0.01));
        assertThat("every word comes with the first piece", first.words(), hasSize(47));
        List<MarySpeech> rest = new ArrayList<>();
        for (MarySpeech piece = feed.next(); piece != null; piece = feed.next()) {
            rest.add(piece);
        }
        double audioMs = first.durationMs() + rest.stream().mapToDouble(MarySpeech::durationMs).sum();
        assertThat("no words after the first piece", rest.stream().flatMap(piece -> piece.words().stream()).toList(),
                   is(empty()));
        assertThat(rest.stream().map(MarySpeech::durationMs).toList(), everyItem(lessThanOrEqualTo(20.0)));
        assertThat("the words end within the audio", first.words().getLast().endMs(), lessThanOrEqualTo(audioMs));
        assertThat(audioMs, greaterThan(10_000.0));
        assertThat("the engine is back when the feed ends", engines.idleEngines(), is(1));
        assertThat("and the feed stays ended", feed.next() == null, is(true));
    }
}
