package io.ttsgateway.marytts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

class WordTimingsTest {

    /** "Dr. Smith, hi." as MaryTTS plans it: an expanded abbreviation, punctuation, pauses. */
    private static final String SYNTHESIZED = """
            <maryxml xmlns="http://mary.dfki.de/2002/MaryXML" version="0.5" xml:lang="en-US"><p><s><phrase>
              <mtu orig="Dr.">
                <t ph="d A k t r=">doctor
                  <syllable><ph d="50" p="d"/><ph d="100" p="A"/></syllable>
                  <syllable><ph d="50" p="k"/><ph d="50" p="t"/><ph d="50" p="r="/></syllable>
                </t>
              </mtu>
              <t ph="s m I T">Smith<syllable><ph d="100" p="s"/><ph d="100" p="m"/></syllable></t>
              <t pos=".">,</t>
              <boundary breakindex="4" duration="400"/>
            </phrase><phrase>
              <t ph="h AI">hi<syllable><ph d="100" p="h"/><ph d="100" p="AI"/></syllable></t>
              <t pos=".">.</t>
              <boundary breakindex="5" duration="300"/>
            </phrase></s></p></maryxml>
            """;

    @Test
    void wordsAreTheWrittenTokensThatAreSpokenInOrder() throws Exception {
        List<TimedWord> words = WordTimings.of(parse(SYNTHESIZED), 1500, PhoneClock.EXACT);
        assertThat(words.stream().map(TimedWord::word).toList(), contains("Dr.", "Smith", "hi"));
    }

    @Test
    void timesAddPhonesAndPausesInDocumentOrder() throws Exception {
        // Planned: doctor 300 ms, Smith 200 ms, pause 400 ms, hi 200 ms, pause 300 ms = 1400 ms.
        List<TimedWord> words = WordTimings.of(parse(SYNTHESIZED), 1400, PhoneClock.EXACT);
        assertTimes(words.get(0), 0, 300);
        assertTimes(words.get(1), 300, 500);
        assertTimes(words.get(2), 900, 1100);
    }

    @Test
    void phonesStretchToTheRealAudioLengthAndPausesStay() throws Exception {
        // 700 ms of phones planned, 700 ms of pauses realised; 1750 ms of audio: phones took 1.5 times longer.
        List<TimedWord> words = WordTimings.of(parse(SYNTHESIZED), 1750, PhoneClock.EXACT);
        assertTimes(words.get(0), 0, 450);
        assertTimes(words.get(1), 450, 750);
        assertTimes(words.get(2), 1150, 1450);
    }

    @Test
    void theVoicesShortestPhoneIsAccountedFor() throws Exception {
        // Every phone 50 ms or more planned, but the voice makes none shorter than 100 ms here.
        PhoneClock clock = new PhoneClock(0, 100);
        List<TimedWord> words = WordTimings.of(parse(SYNTHESIZED), 1600, clock);
        assertTimes(words.get(0), 0, 500);
        assertTimes(words.get(1), 500, 700);
        assertTimes(words.get(2), 1100, 1300);
    }

    @Test
    void nothingSpokenMeansNoWords() throws Exception {
        String punctuationOnly = """
                <maryxml xmlns="http://mary.dfki.de/2002/MaryXML" version="0.5"><p><s>
                <mtu orig="..."><t pos=".">.</t><t pos=".">.</t></mtu><boundary duration="400"/></s></p></maryxml>
                """;
        assertThat(WordTimings.of(parse(punctuationOnly), 400, PhoneClock.EXACT), is(empty()));
    }

    @Test
    void anHmmClockRoundsToFramesWithAFrameForEachState() {
        PhoneClock clock = PhoneClock.ofHmm(240, 48_000, 5);
        assertThat(clock.frameMs(), closeTo(5, 1e-9));
        assertThat(clock.realised(12), closeTo(25, 1e-9));
        assertThat(clock.realised(52), closeTo(50, 1e-9));
        assertThat(clock.realised(53), closeTo(55, 1e-9));
    }

    private static void assertTimes(TimedWord word, double start, double end) {
        assertThat(word.word() + " start", word.startMs(), closeTo(start, 0.01));
        assertThat(word.word() + " end", word.endMs(), closeTo(end, 0.01));
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
