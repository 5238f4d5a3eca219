package io.ttsgateway.marytts;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the word timings of a synthesized piece of text from the MaryXML document the engine
 * synthesized it from.
 *
 * <p>After synthesis the document holds what the audio is made of, in order: tokens ({@code t}) with
 * their phones ({@code ph}, duration {@code d} in ms) and pauses ({@code boundary}, realised
 * {@code duration} in ms, written back by the synthesizer). A token with phones is a spoken word, one
 * without (punctuation) is not. Tokens MaryTTS expanded from one written token ({@code 3.5} read as
 * "three point five", {@code Dr.} as "doctor") sit in an {@code mtu} element and are reported as the
 * one word written, spanning all of them, so words match the text the client sent.
 *
 * <p>Phone durations are the plan the voice followed, which it rounds to frames; pauses are exact.
 * The sum is brought to the real audio length by stretching the phones, so the last word ends where
 * the speech ends and small rounding errors never add up along a long sentence.
 */
final class WordTimings {

    private static final String MARYXML = "http://mary.dfki.de/2002/MaryXML";
    private static final String TOKEN = "t";
    private static final String MULTI_TOKEN_UNIT = "mtu";
    private static final String ORIGINAL_TEXT = "orig";
    private static final String PHONE = "ph";
    private static final String PHONE_DURATION = "d";
    private static final String BOUNDARY = "boundary";
    private static final String BOUNDARY_DURATION = "duration";

    private final PhoneClock clock;
    private final List<Span> spans = new ArrayList<>();
    private double phonesMs;
    private double pausesMs;

    private WordTimings(PhoneClock clock) {
        this.clock = clock;
    }

    /**
     * The words of a piece and when they are spoken.
     *
     * @param synthesized the document the audio was synthesized from, after synthesis
     * @param audioMs     the length of the piece's audio
     * @param clock       how the voice realises phone durations
     * @return the spoken words in order, times from the start of the piece, within its audio
     */
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
