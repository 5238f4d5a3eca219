package io.ttsgateway.marytts;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class FirstPhraseTest {

    private static final int WORDS = 8;

    @Test
    void leavesAShortFirstSentenceWhole() {
        List<String> segments = List.of("Hello, how can I assist you today?", "Second sentence, long enough to be cut here.");
        assertThat(FirstPhrase.cut(segments, WORDS), is(segments));
    }

    @Test
    void cutsALongFirstSentenceAtItsFirstClauseMark() {
        assertThat(FirstPhrase.cut(List.of("Hello alpha bravo charlie delta, how can I assist you today?", "Bye."), WORDS),
                   is(List.of("Hello alpha bravo charlie delta,", "how can I assist you today?", "Bye.")));
        assertThat(FirstPhrase.cut(List.of("The twilight sun cast its warm golden hues upon the vast rolling fields, "
                + "saturating the landscape with an ethereal glow."), WORDS),
                   is(List.of("The twilight sun cast its warm golden hues upon the vast rolling fields,",
                              "saturating the landscape with an ethereal glow.")));
        assertThat(FirstPhrase.cut(List.of("Well, I think that we should go home now before it rains."), WORDS),
                   is(List.of("Well,", "I think that we should go home now before it rains.")));
    }

    @Test
    void takesQuotesAndDashesWithTheClauseTheyEnd() {
        assertThat(FirstPhrase.cut(List.of("She said \"yes,\" and then we all went home together at last."), WORDS),
                   is(List.of("She said \"yes,\"", "and then we all went home together at last.")));
        assertThat(FirstPhrase.cut(List.of("The plan \u2014 if it works at all \u2014 will save us a lot of time."), WORDS),
                   is(List.of("The plan \u2014", "if it works at all \u2014 will save us a lot of time.")));
    }

    @Test
    void leavesASentenceWithoutClauseMarksWholeUpToThreeTimesTheWords() {
        List<String> segments = List.of("The quick brown fox jumps over the lazy dog near the old wooden bridge by the river.");
        assertThat(FirstPhrase.cut(segments, WORDS), is(segments));
    }

    @Test
    void cutsALongerOneBeforeAPhraseStartingBeyondTwiceTheWords() {
        assertThat(FirstPhrase.cut(List.of("I walked home slowly and quietly along the old road by the river."), 3),
                   is(List.of("I walked home slowly and quietly,", "along the old road by the river.")));
    }

    /** The mark added where the cut has none: without it the engine reads the part about 1.5 times as slowly. */
    @Test
    void elseAtAWordBoundaryAfterThreeTimesTheWordsAndNeverSplitsAWord() {
        assertThat(FirstPhrase.cut(List.of("One two three four five six seven eight nine ten eleven twelve."), 3),
                   is(List.of("One two three four five six seven eight nine,", "ten eleven twelve.")));
        String numbers = "Pay 1,000.50 dollars 3.5 times e-mail U.S.A. twenty-one friends today please now.";
        List<String> cut = FirstPhrase.cut(List.of(numbers), 3);
        assertThat(String.join(" ", cut), is(numbers.replace("friends", "friends,")));
        assertThat(cut.get(0), is("Pay 1,000.50 dollars 3.5 times e-mail U.S.A. twenty-one friends,"));
    }

    @Test
    void aFirstPartEndsOnNoWordThatLeansOnTheNext() {
        assertThat(FirstPhrase.cut(List.of("Seven big red apples sat so quietly next the blue bowl on the kitchen table."), 3),
                   is(List.of("Seven big red apples sat so quietly next,", "the blue bowl on the kitchen table.")));
    }

    @Test
    void aClauseMarkAtTheLastWordOrBeyondThreeTimesTheWordsIsNoCut() {
        String farComma = "a b c d e f g h i j k l m n o p q r s t u v w x y, z.";
        assertThat(FirstPhrase.cut(List.of(farComma), WORDS).get(0), is("a b c d e f g h i j k l m n o p q r s t u v w x,"));
        List<String> lastComma = List.of("a b c d e f g h i,");
        assertThat(FirstPhrase.cut(lastComma, WORDS), is(lastComma));
    }

    @Test
    void zeroNeverCuts() {
        List<String> segments = List.of("Hello alpha bravo charlie delta, how can I assist you today?");
        assertThat(FirstPhrase.cut(segments, 0), is(segments));
    }
}
