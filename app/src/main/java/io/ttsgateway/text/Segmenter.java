package io.ttsgateway.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts text that arrives in pieces (an LLM's tokens) into segments for synthesis.
 *
 * <p>Segment {@code i} is cut at the first sentence end after it holds
 * {@link SegmentSchedule#threshold(int) threshold(i)} characters; the first segment also at a clause
 * end (comma, semicolon, colon, dash), so the first audio comes early. Short sentences after the
 * first segment are merged until the threshold is reached. A segment that grows past
 * {@link SegmentSchedule#maxChars()} without such a place is cut at its last sentence or clause end,
 * else its last whitespace, else hard. {@link BoundaryFinder} says what a sentence or clause end is.
 *
 * <p>Segments are trimmed, never empty, and whitespace inside them is kept as given. A cut is
 * decided only when the whitespace after the punctuation (after "etc." and "No.", the next word)
 * has arrived, so the pieces the text arrives in do not change the segments. An append costs time
 * in proportion to the new text: each character is read once, except that the text after a cut is
 * read again as the start of the next segment (at most {@link SegmentSchedule#maxChars()}).
 *
 * <p>Not thread-safe: one segmenter per streamed request, used by one thread at a time.
 */
public final class Segmenter {

    /** Compact the buffer once this much cut text lies at its start (and it is at least half the buffer). */
    private static final int COMPACT_AFTER = 1024;

    private final SegmentSchedule schedule;
    private final StringBuilder buffer = new StringBuilder();
    private final List<String> ready = new ArrayList<>();
    private int segmentIndex;

    // The current segment, as indices into the buffer.
    private int start;              // where it begins; nothing before is looked at
    private int scanned;            // next character to read
    private int textStart = -1;     // first non-whitespace character, -1 while there is none
    private int textEnd;            // after the last non-whitespace character read
    private int lastMark = -1;      // after the last sentence or clause end not cut at, -1 if none
    private int lastSpace = -1;     // after the last word followed by whitespace, -1 if none
    private Boundary pending;       // "etc." or "No." waiting for the next word, else null
    private int pendingCut;

    /**
     * A segmenter with {@link SegmentSchedule#DEFAULT}.
     */
    public Segmenter() {
        this(SegmentSchedule.DEFAULT);
    }

    /**
     * A segmenter with the given schedule.
     *
     * @param schedule thresholds and longest segment
     */
    public Segmenter(SegmentSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * Adds text and returns the segments it completed.
     *
     * @param text the next piece of text, any length, whitespace included; may be empty
     * @return the segments now complete, in order, unmodifiable; usually none
     * @throws NullPointerException when {@code text} is null
     */
    public List<String> append(String text) {
        Objects.requireNonNull(text, "text");
        buffer.append(text);
        while (scanned < buffer.length()) {
            read(scanned++);
        }
        compactIfWorthIt();
        if (ready.isEmpty()) {
            return List.of();
        }
        List<String> segments = List.copyOf(ready);
        ready.clear();
        return segments;
    }

    /**
     * Returns whatever is buffered as one segment, without waiting for a sentence end: for the
     * client's flush and for the end of the text.
     *
     * @return the trimmed buffered text, or empty when only whitespace (or nothing) is buffered
     */
    public Optional<String> flush() {
        Optional<String> segment = textStart < 0
                ? Optional.empty()
                : Optional.of(buffer.substring(textStart, textEnd));
        segment.ifPresent(s -> segmentIndex++);
        buffer.setLength(0);
        scanned = 0;
        startSegment(0);
        return segment;
    }

    private void read(int index) {
        char c = buffer.charAt(index);
        if (Character.isWhitespace(c)) {
            readWhitespace(index, c);
        } else {
            readCharacter(index, c);
        }
    }

    private void readWhitespace(int index, char c) {
        if (textStart < 0) {
            return;   // leading whitespace
        }
        boolean lineBreak = BoundaryFinder.isLineBreak(c);
        if (pending != null) {
            if (!lineBreak) {
                return;   // still waiting for the word after "etc." or "No."
            }
            pending = null;   // the line break below ends the sentence anyway
        }
        if (textEnd == index) {
            lastSpace = index;
            Boundary boundary = lineBreak
                    ? Boundary.SENTENCE
                    : BoundaryFinder.beforeWhitespace(buffer, start, index, segmentIndex == 0);
            if (!boundary.decided()) {
                pending = boundary;
                pendingCut = index;
            } else if (boundary != Boundary.NONE) {
                consider(boundary, index);
            }
        } else if (lineBreak) {
            consider(Boundary.SENTENCE, textEnd);
        }
    }

    private void readCharacter(int index, char c) {
        if (pending != null) {
            Boundary boundary = pending.resolve(c);
            pending = null;
            if (boundary != Boundary.NONE && consider(boundary, pendingCut)) {
                return;   // cut before this character; it is read again as part of the next segment
            }
        }
        if (textStart < 0) {
            textStart = index;
        } else if (textEnd == index) {
            Boundary boundary = BoundaryFinder.beforeCharacter(buffer, start, index);
            if (boundary != Boundary.NONE && consider(boundary, index)) {
                return;
            }
        }
        if (index + 1 - textStart > schedule.maxChars()) {
            cutOverlong(index);
            return;
        }
        textEnd = index + 1;
    }

    /**
     * Cuts at a sentence or clause end when the schedule permits it, else remembers it for an
     * overlong segment.
     *
     * @return whether the segment was cut
     */
    private boolean consider(Boundary boundary, int cut) {
        boolean permitted = boundary == Boundary.SENTENCE || (boundary == Boundary.CLAUSE && segmentIndex == 0);
        if (permitted && cut - textStart >= schedule.threshold(segmentIndex)) {
            cut(cut);
            return true;
        }
        lastMark = cut;
        return false;
    }

    /** The segment would pass maxChars with the character at {@code index}. */
    private void cutOverlong(int index) {
        if (lastMark > textStart) {
            cut(lastMark);
        } else if (lastSpace > textStart) {
            cut(lastSpace);
        } else {
            int hard = index;
            if (Character.isLowSurrogate(buffer.charAt(hard)) && hard - 1 > textStart) {
                hard--;   // do not split a character outside the Basic Multilingual Plane
            }
            cut(hard);
        }
    }

    /** Ends the segment at {@code cut} and reads the rest again as the next segment. */
    private void cut(int cut) {
        ready.add(buffer.substring(textStart, cut).stripTrailing());
        segmentIndex++;
        scanned = cut;
        startSegment(cut);
    }

    private void startSegment(int at) {
        start = at;
        textStart = -1;
        textEnd = at;
        lastMark = -1;
        lastSpace = -1;
        pending = null;
    }

    /** Drops cut text from the buffer's start once that is cheap relative to what was appended since. */
    private void compactIfWorthIt() {
        if (start < COMPACT_AFTER || start < buffer.length() - start) {
            return;
        }
        int shift = start;
        buffer.delete(0, shift);
        start -= shift;
        scanned -= shift;
        textEnd -= shift;
        pendingCut -= shift;
        if (textStart >= 0) {
            textStart -= shift;
        }
        if (lastMark >= 0) {
            lastMark -= shift;
        }
        if (lastSpace >= 0) {
            lastSpace -= shift;
        }
    }
}
