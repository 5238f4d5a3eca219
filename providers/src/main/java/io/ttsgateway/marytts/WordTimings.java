package io.ttsgateway.marytts;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the word timings of a piece of text from the MaryXML document it was synthesized from: tokens
 * ({@code t}) with phones are words, pauses ({@code boundary}) count too, and tokens expanded from one
 * written word ({@code mtu}: "3.5", "Dr.") are that word. The planned phones are stretched to the real
 * audio length (pauses are exact), so rounding never adds up along a long sentence.
 */
final class WordTimings {

    /** The MaryXML names of the elements and attributes read; the speaking rate scales by them too. */
    static final String MARYXML = "http://mary.dfki.de/2002/MaryXML";
    private static final String TOKEN = "t";
    private static final String MULTI_TOKEN_UNIT = "mtu";
    private static final String ORIGINAL_TEXT = "orig";
    static final String PHONE = "ph";
    static final String PHONE_DURATION = "d";
    static final String BOUNDARY = "boundary";
    static final String BOUNDARY_DURATION = "duration";

    private final PhoneClock clock;
    private final List<Span> spans = new ArrayList<>();
    private double phonesMs;
    private double pausesMs;

    private WordTimings(PhoneClock clock) {
        this.clock = clock;
    }

    /** The spoken words of a piece in order, timed from the start of its audio of {@code audioMs}. */
    static List<TimedWord> of(Document synthesized, double audioMs, PhoneClock clock) {
        WordTimings timings = new WordTimings(clock);
        timings.walk(synthesized.getDocumentElement());
        return timings.fitTo(audioMs);
    }

    private void walk(Element element) {
        if (isMary(element, BOUNDARY)) {
            pausesMs += number(element.getAttribute(BOUNDARY_DURATION));
        } else if (isMary(element, TOKEN) || isMary(element, MULTI_TOKEN_UNIT)) {
            word(element);
        } else {
            for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e) {
                    walk(e);
                }
            }
        }
    }

    /** A token, or a unit of tokens read from one written word: one word, if anything is spoken. */
    private void word(Element element) {
        double startPhones = phonesMs;
        double startPauses = pausesMs;
        StringBuilder spoken = new StringBuilder();
        int phones = speak(element, spoken);
        if (phones == 0) {
            return;
        }
        String written = isMary(element, MULTI_TOKEN_UNIT) ? element.getAttribute(ORIGINAL_TEXT).strip() : "";
        String word = written.isEmpty() ? spoken.toString().strip() : written;
        if (!word.isEmpty()) {
            spans.add(new Span(word, startPhones, startPauses, phonesMs, pausesMs));
        }
    }

    /** Adds the phones and pauses below an element to the clock; returns how many phones there were. */
    private int speak(Element element, StringBuilder text) {
        int phones = 0;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                if (isMary(e, PHONE)) {
                    phonesMs += clock.realised(number(e.getAttribute(PHONE_DURATION)));
                    phones++;
                } else if (isMary(e, BOUNDARY)) {
                    pausesMs += number(e.getAttribute(BOUNDARY_DURATION));
                } else {
                    if (isMary(e, TOKEN) && !text.isEmpty()) {
                        text.append(' ');
                    }
                    phones += speak(e, text);
                }
            } else if (child.getNodeType() == Node.TEXT_NODE && isMary(element, TOKEN)) {
                text.append(child.getNodeValue().strip());
            }
        }
        return phones;
    }

    private List<TimedWord> fitTo(double audioMs) {
        double planned = phonesMs + pausesMs;
        if (spans.isEmpty() || planned <= 0 || audioMs <= 0) {
            return List.of();
        }
        // Pauses are realised exactly, so the difference is the phones'; should the pauses alone
        // exceed the audio (never seen), everything is scaled alike.
        double phoneScale = audioMs > pausesMs && phonesMs > 0 ? (audioMs - pausesMs) / phonesMs : audioMs / planned;
        double pauseScale = audioMs > pausesMs && phonesMs > 0 ? 1.0 : audioMs / planned;
        List<TimedWord> words = new ArrayList<>(spans.size());
        for (Span span : spans) {
            double start = Math.min(audioMs, span.startPhones * phoneScale + span.startPauses * pauseScale);
            double end = Math.min(audioMs, span.endPhones * phoneScale + span.endPauses * pauseScale);
            words.add(new TimedWord(span.word, start, end));
        }
        return words;
    }

    private static boolean isMary(Element element, String name) {
        return name.equals(element.getLocalName()) && MARYXML.equals(element.getNamespaceURI());
    }

    private static double number(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            double parsed = Double.parseDouble(value);
            return parsed > 0 && Double.isFinite(parsed) ? parsed : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Where a word starts and ends, as phone time and pause time before each point. */
    private record Span(String word, double startPhones, double startPauses, double endPhones, double endPauses) {
    }
}
