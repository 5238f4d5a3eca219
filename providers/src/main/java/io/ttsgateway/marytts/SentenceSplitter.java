package io.ttsgateway.marytts;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts text into the segments the engine synthesizes one at a time: sentences, cut further at a
 * clause or a space past {@link #MAX_SEGMENT_CHARS}, so no long sentence delays the first audio.
 */
final class SentenceSplitter {

    /** Longest segment handed to the engine in one call. */
    static final int MAX_SEGMENT_CHARS = 300;
    /** Titles before a name: the JDK would end a sentence after them, spoken with a sentence's pause. */
    static final Set<String> TITLES = Set.of("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sr.", "Jr.", "St.", "Mt.",
                                             "Gen.", "Col.", "Capt.", "Lt.", "Sgt.", "Rev.", "Hon.", "Gov.", "Sen.",
                                             "Rep.", "Pres.");

    private SentenceSplitter() {
    }

    /** The text's non-blank segments, trimmed, in order. */
    static List<String> split(String text) {
        List<String> segments = new ArrayList<>();
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.US);
        sentences.setText(text);
        int start = sentences.first();
        for (int end = sentences.next(); end != BreakIterator.DONE; end = sentences.next()) {
            String sentence = text.substring(start, end).trim();
            // The title belongs to the sentence that follows. The iterator's last boundary is the
            // text's end, which is never skipped, so no text stays behind.
            if (endsWithTitle(sentence) && end < text.length()) {
                continue;
            }
            addBounded(segments, sentence);
            start = end;
        }
        return segments;
    }

    private static boolean endsWithTitle(String sentence) {
        int space = sentence.lastIndexOf(' ');
        return TITLES.contains(sentence.substring(space + 1));
    }

    private static void addBounded(List<String> segments, String sentence) {
        String rest = sentence;
        while (rest.length() > MAX_SEGMENT_CHARS) {
            int cut = cutPoint(rest);
            segments.add(rest.substring(0, cut).trim());
            rest = rest.substring(cut).trim();
        }
        if (!rest.isBlank()) {
            segments.add(rest);
        }
    }

    /** Prefers a clause end, then a space, inside the limit; cuts hard only inside one long word. */
    private static int cutPoint(String text) {
        int clause = Math.max(text.lastIndexOf(", ", MAX_SEGMENT_CHARS), text.lastIndexOf("; ", MAX_SEGMENT_CHARS));
        if (clause > MAX_SEGMENT_CHARS / 2) {
            return clause + 1;
        }
        int space = text.lastIndexOf(' ', MAX_SEGMENT_CHARS);
        return space > 0 ? space : MAX_SEGMENT_CHARS;
    }
}
