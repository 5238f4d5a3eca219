package io.ttsgateway.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tricky texts and the segments they are cut into, fed whole, one character at a time and in
 * random pieces: the pieces must not change the segments.
 */
class SegmenterTest {

    /** Every boundary cuts: for rows about what is and is not a sentence end. */
    private static final String EVERY_END = "1";
    /** The default schedule, 30,80,150,250. */
    private static final String DEFAULT = null;
    /** Random splits per row in the random-pieces mode. */
    private static final int SPLITS = 20;
    /** Largest random piece. */
    private static final int LARGEST_PIECE = 12;
    private static final long SEED = 20240604L;

    private static final String LONG_WORD = "x".repeat(500);
    private static final String EMOJI = "\uD83D\uDE00";

    static Stream<Arguments> texts() {
        return Stream.of(
                // the schedule
                row("first segment reaches 30 characters at 'you.'", DEFAULT,
                    "Sure! Let me check that for you. One moment while I look it up.",
                    "Sure! Let me check that for you.", "One moment while I look it up."),
                row("trailing ellipsis", DEFAULT,
                    "Sure! Let me check that for you. ...",
                    "Sure! Let me check that for you.", "..."),
                row("short sentences merge into later segments", DEFAULT,
                    "Sure! Let me check that for you. It is ready. Your order ships today. It arrives on Monday. "
                            + "Thanks for waiting! Anything else? Bye now.",
                    "Sure! Let me check that for you.",
                    "It is ready. Your order ships today. It arrives on Monday. Thanks for waiting! Anything else?",
                    "Bye now."),
                row("thresholds grow per segment, the last one stays", "10,20",
                    "One sentence. Two sentence. Three here. Four here. Five here.",
                    "One sentence.", "Two sentence. Three here.", "Four here. Five here."),
                row("long first sentence is cut at a comma", DEFAULT,
                    "When you get a chance tomorrow morning, please call the front desk and ask for the manager.",
                    "When you get a chance tomorrow morning,", "please call the front desk and ask for the manager."),
                row("a comma before the first threshold does not cut", DEFAULT,
                    "Yes, I can help you with that today. Give me a second.",
                    "Yes, I can help you with that today.", "Give me a second."),
                row("clause ends cut only the first segment", EVERY_END,
                    "Hi. One, two, three. Four.",
                    "Hi.", "One, two, three.", "Four."),
                row("semicolon", DEFAULT,
                    "The plan is simple and it works well; we start at noon. Then lunch.",
                    "The plan is simple and it works well;", "we start at noon. Then lunch."),
                row("colon", EVERY_END,
                    "Note: it is late. Ok.",
                    "Note:", "it is late.", "Ok."),
                row("em dash", DEFAULT,
                    "Here is the thing — we cannot ship it today, sorry. Bye.",
                    "Here is the thing — we cannot ship it today,", "sorry. Bye."),
                row("spaced hyphen", EVERY_END,
                    "Wait - this is wrong. Ok.",
                    "Wait -", "this is wrong.", "Ok."),
                row("en dash, and a hyphen inside a word", EVERY_END,
                    "A well-known fact – sadly. Ok.",
                    "A well-known fact –", "sadly.", "Ok."),
                row("times and thousands", EVERY_END,
                    "Meet at 10:30 with 1,000 people. Ok.",
                    "Meet at 10:30 with 1,000 people.", "Ok."),
                // not sentence ends
                row("Dr. Smith", EVERY_END,
                    "Dr. Smith is here. He will see you now.",
                    "Dr. Smith is here.", "He will see you now."),
                row("titles", EVERY_END,
                    "Ok. Mr. and Mrs. Lee met Prof. Kim on St. Mark Street. Fine.",
                    "Ok.", "Mr. and Mrs. Lee met Prof. Kim on St. Mark Street.", "Fine."),
                row("U.S. and U.K.", EVERY_END,
                    "I moved from the U.K. to the U.S. in May. It was great.",
                    "I moved from the U.K. to the U.S. in May.", "It was great."),
                row("e.g. and i.e.", EVERY_END,
                    "Ok. Pick a fruit e.g. an apple, i.e. something sweet. Done.",
                    "Ok.", "Pick a fruit e.g. an apple, i.e. something sweet.", "Done."),
                row("a.m. and p.m.", EVERY_END,
                    "We open at 9 a.m. and close at 5 p.m. every day. Come by.",
                    "We open at 9 a.m. and close at 5 p.m. every day.", "Come by."),
                row("Ph.D. in brackets", EVERY_END,
                    "She has a doctorate (Ph.D.) from Yale. Nice.",
                    "She has a doctorate (Ph.D.) from Yale.", "Nice."),
                row("initials", EVERY_END,
                    "J. R. R. Tolkien wrote books. He was English.",
                    "J. R. R. Tolkien wrote books.", "He was English."),
                row("decimals", EVERY_END,
                    "Pi is 3.14 and e is 2.718 roughly. Yes.",
                    "Pi is 3.14 and e is 2.718 roughly.", "Yes."),
                row("versions and addresses", EVERY_END,
                    "Install v1.2.3 on 192.168.0.1 now. Done.",
                    "Install v1.2.3 on 192.168.0.1 now.", "Done."),
                row("domains and e-mail addresses", EVERY_END,
                    "Visit example.com or write to help@example.com today. Thanks.",
                    "Visit example.com or write to help@example.com today.", "Thanks."),
                row("a sentence that ends with a domain", EVERY_END,
                    "Go to example.com. Then log in.",
                    "Go to example.com.", "Then log in."),
                row("etc. before a lower-case word", EVERY_END,
                    "Ok. Bring pens, paper, etc. and a snack. Then go.",
                    "Ok.", "Bring pens, paper, etc. and a snack.", "Then go."),
                row("etc. at a sentence end", EVERY_END,
                    "Ok. We sell pens, paper, etc. Come by soon.",
                    "Ok.", "We sell pens, paper, etc.", "Come by soon."),
                row("No. before a number, and as an answer", EVERY_END,
                    "Ok. See No. 5 on the list. No. I disagree.",
                    "Ok.", "See No. 5 on the list.", "No.", "I disagree."),
                row("Inc., Jan. and approx.", EVERY_END,
                    "Ok. Acme Inc. opened on Jan. 5 with approx. 40 staff. Yes.",
                    "Ok.", "Acme Inc. opened on Jan. 5 with approx. 40 staff.", "Yes."),
                row("Fig. and vs.", EVERY_END,
                    "Ok. See Fig. 3 for cats vs. dogs. Done.",
                    "Ok.", "See Fig. 3 for cats vs. dogs.", "Done."),
                row("abbreviation at the very end", DEFAULT,
                    "I will ask the Dr.",
                    "I will ask the Dr."),
                row("number at a sentence end", EVERY_END,
                    "I counted to 3. Then I stopped.",
                    "I counted to 3.", "Then I stopped."),
                // ellipses, quotes, runs of marks
                row("three-dot ellipsis", EVERY_END,
                    "Well... I am not sure. Maybe.",
                    "Well... I am not sure.", "Maybe."),
                row("ellipsis character before a capital", EVERY_END,
                    "Hmm… Let me think. Okay.",
                    "Hmm… Let me think.", "Okay."),
                row("ellipsis then a line break", EVERY_END,
                    "Wait...\nOk.",
                    "Wait...", "Ok."),
                row("double quote after a period", EVERY_END,
                    "He said \"Stop.\" Then he left.",
                    "He said \"Stop.\"", "Then he left."),
                row("single quote after a period", EVERY_END,
                    "She said 'yes.' Then left.",
                    "She said 'yes.'", "Then left."),
                row("curly quote and bracket after a period", EVERY_END,
                    "She wrote “Done.” (It was late.) We went home.",
                    "She wrote “Done.”", "(It was late.)", "We went home."),
                row("?! and !! are one end", EVERY_END,
                    "Really?! That is great!! Thanks.",
                    "Really?!", "That is great!!", "Thanks."),
                // lines
                row("line breaks end sentences", EVERY_END,
                    "Line one\nLine two\n\nLine three",
                    "Line one", "Line two", "Line three"),
                row("CRLF", EVERY_END,
                    "First line\r\nSecond line",
                    "First line", "Second line"),
                row("numbered list, default schedule", DEFAULT,
                    "Here is the list:\n1. Open the app.\n2. Tap settings.\n3. Turn it on.",
                    "Here is the list:\n1. Open the app.", "2. Tap settings.\n3. Turn it on."),
                row("numbered list, every line", EVERY_END,
                    "1. Open the app.\n2. Tap settings.",
                    "1. Open the app.", "2. Tap settings."),
                // CJK
                row("CJK sentence marks", EVERY_END,
                    "你好。我是助手！有什么可以帮你的吗？谢谢",
                    "你好。", "我是助手！", "有什么可以帮你的吗？", "谢谢"),
                row("CJK clause mark and corner brackets", EVERY_END,
                    "他说：「好的。」然后走了。",
                    "他说：", "「好的。」", "然后走了。"),
                row("CJK with the default schedule", DEFAULT,
                    "今天天气很好。我们去公园散步吧。公园里有很多花，还有一个大湖。我们可以在湖边坐一会儿。",
                    "今天天气很好。我们去公园散步吧。公园里有很多花，还有一个大湖。", "我们可以在湖边坐一会儿。"),
                // the longest segment
                row("1,000 characters without punctuation are cut at whitespace", DEFAULT,
                    words("abcdefghi", 0, 100), words("abcdefghi", 0, 40), words("abcdefghi", 40, 80),
                    words("abcdefghi", 80, 100)),
                row("a 500-character word is cut hard", DEFAULT,
                    LONG_WORD, "x".repeat(400), "x".repeat(100)),
                row("a short word before a 500-character word", DEFAULT,
                    "Go " + LONG_WORD, "Go", "x".repeat(400), "x".repeat(100)),
                row("an overlong later segment is cut at its last clause end", EVERY_END,
                    "Okay. " + words("alpha", 0, 30) + ", " + words("beta", 0, 60),
                    "Okay.", words("alpha", 0, 30) + ",", words("beta", 0, 60)),
                row("a hard cut does not split a surrogate pair", DEFAULT,
                    "a" + EMOJI.repeat(250), "a" + EMOJI.repeat(199), EMOJI.repeat(51)),
                // whitespace
                row("whitespace inside a segment is kept", EVERY_END,
                    "Hello   there.\tHow  are you?",
                    "Hello   there.", "How  are you?"),
                row("leading and trailing whitespace", DEFAULT,
                    "   Hello there.   ",
                    "Hello there."),
                row("whitespace only", DEFAULT, " \n\t  "),
                row("nothing", DEFAULT, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void wholeThenFlush(String name, SegmentSchedule schedule, String text, List<String> expected) {
        Segmenter segmenter = new Segmenter(schedule);
        List<String> segments = new ArrayList<>(segmenter.append(text));
        segmenter.flush().ifPresent(segments::add);
        check(schedule, text, expected, segments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void oneCharacterAtATime(String name, SegmentSchedule schedule, String text, List<String> expected) {
        Segmenter segmenter = new Segmenter(schedule);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            segments.addAll(segmenter.append(text.substring(i, i + 1)));
        }
        segmenter.flush().ifPresent(segments::add);
        check(schedule, text, expected, segments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void randomPieces(String name, SegmentSchedule schedule, String text, List<String> expected) {
        Random random = new Random(SEED);
        for (int split = 0; split < SPLITS; split++) {
            Segmenter segmenter = new Segmenter(schedule);
            List<String> segments = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int end = Math.min(text.length(), at + 1 + random.nextInt(LARGEST_PIECE));
                segments.addAll(segmenter.append(text.substring(at, end)));
                if (random.nextInt(4) == 0) {
                    assertEquals(List.of(), segmenter.append(""), "an empty append completes nothing");
                }
                at = end;
            }
            segmenter.flush().ifPresent(segments::add);
            check(schedule, text, expected, segments);
        }
    }

    @Test
    void aPeriodIsDecidedOnlyWhenTheWhitespaceArrives() {
        Segmenter segmenter = new Segmenter();
        assertEquals(List.of(), segmenter.append("Sure! Let me check that for you."));
        assertEquals(List.of("Sure! Let me check that for you."), segmenter.append(" "));
        assertEquals(List.of(), segmenter.append("One"));
        assertEquals("One", segmenter.flush().orElseThrow());
    }

    @Test
    void drSmithInPiecesDoesNotCut() {
        Segmenter segmenter = new Segmenter(SegmentSchedule.parse(EVERY_END));
        assertEquals(List.of(), segmenter.append("Dr"));
        assertEquals(List.of(), segmenter.append("."));
        assertEquals(List.of(), segmenter.append(" "));
        assertEquals(List.of(), segmenter.append("Smith"));
        assertEquals("Dr. Smith", segmenter.flush().orElseThrow());
    }

    @Test
    void aDecimalInPiecesDoesNotCut() {
        Segmenter segmenter = new Segmenter(SegmentSchedule.parse(EVERY_END));
        assertEquals(List.of(), segmenter.append("Pi is 3."));
        assertEquals(List.of(), segmenter.append("14"));
        assertEquals(List.of(), segmenter.append(" is pi."));
        assertEquals(List.of("Pi is 3.14 is pi."), segmenter.append(" Yes"));
    }

    @Test
    void etcWaitsForTheNextWord() {
        Segmenter segmenter = new Segmenter(SegmentSchedule.parse(EVERY_END));
        assertEquals(List.of("Ok."), segmenter.append("Ok. Pens etc."));
        assertEquals(List.of(), segmenter.append("   "), "the word after etc. decides");
        assertEquals(List.of("Pens etc."), segmenter.append("Then"));
        assertEquals("Then", segmenter.flush().orElseThrow());
    }

    @Test
    void emptyAndWhitespaceAppendsCompleteNothing() {
        Segmenter segmenter = new Segmenter(SegmentSchedule.parse(EVERY_END));
        assertEquals(List.of(), segmenter.append(""));
        assertEquals(List.of(), segmenter.append("   "));
        assertEquals(List.of(), segmenter.append("\n\n"));
        assertTrue(segmenter.flush().isEmpty(), "whitespace is no segment");
        assertTrue(segmenter.flush().isEmpty(), "a second flush finds nothing");
        assertEquals(List.of(), segmenter.append("Hi."));
        assertEquals(List.of(), segmenter.append(""));
        assertEquals(List.of("Hi."), segmenter.append(" \t "));
        assertTrue(segmenter.flush().isEmpty(), "only whitespace was left");
    }

    @Test
    void aFlushEndsTheSegmentAndTheNextOneFollowsTheSchedule() {
        Segmenter segmenter = new Segmenter(SegmentSchedule.parse("1,50"));
        assertEquals(List.of(), segmenter.append("Hi there"));
        assertEquals("Hi there", segmenter.flush().orElseThrow());
        // segment 1: no clause cuts, and 50 characters before a sentence end cuts
        assertEquals(List.of(), segmenter.append("Yes, this is it. Ok. "));
        assertEquals("Yes, this is it. Ok.", segmenter.flush().orElseThrow());
    }

    @Test
    void aFlushOfWhitespaceDoesNotCountAsASegment() {
        Segmenter segmenter = new Segmenter(SegmentSchedule.parse("1,50"));
        segmenter.append("  ");
        assertTrue(segmenter.flush().isEmpty());
        assertEquals(List.of("Yes,"), segmenter.append("Yes, this is it. "), "still the first segment");
    }

    @Test
    void aLongTextInSmallPiecesIsCutLikeTheWholeText() {
        String sentence = "The quick brown fox jumps over the lazy dog, again and again. ";
        String text = sentence.repeat(200) + LONG_WORD + " " + words("word", 0, 300);
        Segmenter whole = new Segmenter();
        List<String> expected = new ArrayList<>(whole.append(text));
        whole.flush().ifPresent(expected::add);

        Segmenter pieces = new Segmenter();
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 3) {
            segments.addAll(pieces.append(text.substring(i, Math.min(text.length(), i + 3))));
        }
        pieces.flush().ifPresent(segments::add);
        assertEquals(expected, segments);
        check(SegmentSchedule.DEFAULT, text, expected, segments);
        assertEquals("The quick brown fox jumps over the lazy dog,", segments.getFirst());
    }

    @ParameterizedTest(name = "schedule {0}")
    @ValueSource(strings = {"1", "30,80,150,250", "5,10", "400"})
    void randomTextsAreCutTheSameInAnyPieces(String csv) {
        SegmentSchedule schedule = SegmentSchedule.parse(csv);
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            String text = randomText(random);
            Segmenter whole = new Segmenter(schedule);
            List<String> expected = new ArrayList<>(whole.append(text));
            whole.flush().ifPresent(expected::add);

            Segmenter single = new Segmenter(schedule);
            List<String> characters = new ArrayList<>();
            text.chars().forEach(c -> characters.addAll(single.append(String.valueOf((char) c))));
            single.flush().ifPresent(characters::add);
            check(schedule, text, expected, characters);

            Segmenter pieces = new Segmenter(schedule);
            List<String> segments = new ArrayList<>();
            for (int at = 0; at < text.length(); ) {
                int end = Math.min(text.length(), at + 1 + random.nextInt(LARGEST_PIECE * 4));
                segments.addAll(pieces.append(text.substring(at, end)));
                at = end;
            }
            pieces.flush().ifPresent(segments::add);
            check(schedule, text, expected, segments);
        }
    }

    /** Tricky words and punctuation in random order, joined by random whitespace (or none). */
    private static String randomText(Random random) {
        String[] tokens = {"Dr.", "Smith", "U.S.", "e.g.", "3.14", "v1.2.3", "etc.", "No.", "5", "...", "…", "Hi!",
                "?!", "ok.", "Yes,", "well;", "so:", "—", "-", "\"Stop.\"", "(done.)", "你好。", "好，", "J.",
                "example.com.", "1.", "word", "words", "Another", "x".repeat(120), EMOJI, "a.m.", "Mr.", "lower"};
        String[] gaps = {" ", " ", " ", " ", "", "\n", "  ", "\n\n", "\t"};
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(300);
        for (int i = 0; i < count; i++) {
            text.append(tokens[random.nextInt(tokens.length)]).append(gaps[random.nextInt(gaps.length)]);
        }
        return text.toString();
    }

    @Test
    void nullTextIsRefused() {
        Segmenter segmenter = new Segmenter();
        assertThrows(NullPointerException.class, () -> segmenter.append(null));
    }

    private static void check(SegmentSchedule schedule, String text, List<String> expected, List<String> segments) {
        assertEquals(expected, segments);
        for (String segment : segments) {
            assertFalse(segment.isEmpty(), "empty segment");
            assertEquals(segment.strip(), segment, "untrimmed segment");
            assertTrue(segment.length() <= schedule.maxChars(), "segment longer than maxChars");
        }
        assertEquals(withoutWhitespace(text), withoutWhitespace(String.join(" ", segments)), "text lost");
    }

    private static String withoutWhitespace(String text) {
        return text.codePoints()
                .filter(c -> !Character.isWhitespace(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /** Words {@code from..to-1}: the same word repeated, separated by single spaces. */
    private static String words(String word, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> word).collect(Collectors.joining(" "));
    }

    private static Arguments row(String name, String schedule, String text, String... segments) {
        SegmentSchedule parsed = schedule == null ? SegmentSchedule.DEFAULT : SegmentSchedule.parse(schedule);
        return Arguments.of(name, parsed, text, Arrays.asList(segments));
    }
}
