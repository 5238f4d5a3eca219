package io.ttsgateway.marytts;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class SentenceSplitterTest {

    @Test
    void cutsAtSentenceEnds() {
        assertThat(SentenceSplitter.split("Hello there. How are you? I am fine!"),
                   is(List.of("Hello there.", "How are you?", "I am fine!")));
    }

    @Test
    void keepsDecimalsWhole() {
        assertThat(SentenceSplitter.split("Pi is 3.14 roughly. Next."), is(List.of("Pi is 3.14 roughly.", "Next.")));
    }

    @Test
    void keepsTitlesWithTheNameThatFollows() {
        assertThat(SentenceSplitter.split("Dr. Smith and Mrs. Jones met. Then they left."),
                   is(List.of("Dr. Smith and Mrs. Jones met.", "Then they left.")));
        assertThat(SentenceSplitter.split("Ask for Dr."), is(List.of("Ask for Dr.")));
        assertThat(SentenceSplitter.split("It is late. Dr. Who is here."), is(List.of("It is late.", "Dr. Who is here.")));
    }

    @Test
    void boundsLongTextWithoutPunctuation() {
        String text = "word ".repeat(500);
        List<String> segments = SentenceSplitter.split(text);
        assertThat(segments.stream().map(String::length).toList(),
                   everyItem(lessThanOrEqualTo(SentenceSplitter.MAX_SEGMENT_CHARS)));
        assertThat(String.join(" ", segments), is(text.trim()));
    }

    @Test
    void dropsBlankPieces() {
        assertThat(SentenceSplitter.split("  One.   \n\n  Two.  "), is(List.of("One.", "Two.")));
    }
}
