package io.ttsgateway.loadgen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTextsTest {

    private static final String TAG = "kilo lima mike bravo";

    @Test
    void everySentenceGetsTheTagBeforeItsFirstMark() {
        assertEquals("Sure kilo lima mike bravo! Let me check that for you kilo lima mike bravo. Your order shipped"
                     + " yesterday from our warehouse in Denver kilo lima mike bravo, and it should arrive by Thursday"
                     + " afternoon. Is there anything else I can help you with today kilo lima mike bravo?",
                     RequestTexts.tagged(Options.AGENT_REPLY, TAG));
    }

    @Test
    void theShortDefaultGetsOneTag() {
        assertEquals("Hello kilo lima mike bravo, how can I assist you today?",
                     RequestTexts.tagged(Options.DEFAULT_TEXT, TAG));
    }

    @Test
    void marksInsideWordsAndNumbersAreNotBreaks() {
        assertEquals("Pi is 3.14 and e-mail works kilo lima mike bravo.", RequestTexts.tagged("Pi is 3.14 and e-mail works.", TAG));
    }

    @Test
    void aTextWithoutFinalMarkIsTaggedAtItsEnd() {
        assertEquals("hello there kilo lima mike bravo  \n", RequestTexts.tagged("hello there  \n", TAG));
        assertEquals("One kilo lima mike bravo. two kilo lima mike bravo", RequestTexts.tagged("One. two", TAG));
    }

    @Test
    void quotesDashesAndEllipses() {
        // One tag per sentence: the dash gets it, the ellipsis ending the same sentence does not.
        assertEquals("He said \"hi kilo lima mike bravo.\" Then kilo lima mike bravo — left...",
                     RequestTexts.tagged("He said \"hi.\" Then — left...", TAG));
    }

    @Test
    void uniqueTextsDifferPerRequestAndPlainOnesDoNot() {
        RequestTexts unique = new RequestTexts(Options.AGENT_REPLY, true);
        String first = unique.next();
        String second = unique.next();
        assertNotEquals(first, second);
        // The first sentence already differs: the first streamed segment is never a cache hit.
        assertNotEquals(first.substring(0, first.indexOf('!')), second.substring(0, second.indexOf('!')));
        assertTrue(first.startsWith("Sure "));
        RequestTexts plain = new RequestTexts(Options.AGENT_REPLY, false);
        assertEquals(Options.AGENT_REPLY, plain.next());
        assertEquals(Options.AGENT_REPLY, plain.next());
    }

    @Test
    void distinctTextsCycleAndRepeat() {
        RequestTexts texts = new RequestTexts(Options.DEFAULT_TEXT, true, 3);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            sent.add(texts.next());
        }
        // Three texts, each asked three times, in turn.
        assertEquals(3, new HashSet<>(sent).size());
        assertEquals(sent.subList(0, 3), sent.subList(3, 6));
        assertEquals(sent.subList(0, 3), sent.subList(6, 9));
        // Each carries the run's tag (so the run starts cold) and then its variant.
        String runTag = sent.get(0).substring("Hello ".length(), sent.get(0).indexOf(" bravo,"));
        assertEquals(3, runTag.split(" ").length);
        assertEquals("Hello " + runTag + " charlie, how can I assist you today?", sent.get(1));
    }

    @Test
    void distinctWithoutUniqueRepeatsAcrossRuns() {
        RequestTexts first = new RequestTexts(Options.DEFAULT_TEXT, false, 2);
        RequestTexts second = new RequestTexts(Options.DEFAULT_TEXT, false, 2);
        assertEquals("Hello bravo, how can I assist you today?", first.next());
        assertEquals("Hello charlie, how can I assist you today?", first.next());
        assertEquals("Hello bravo, how can I assist you today?", first.next());
        assertEquals("Hello bravo, how can I assist you today?", second.next());
    }
}
