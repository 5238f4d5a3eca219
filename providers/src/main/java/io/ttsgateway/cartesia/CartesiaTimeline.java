package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * The segments of one Cartesia context, in order, and which of them Cartesia's answers belong to.
 * Segment n is flush n; as that numbering is confirmed only by the definitions, the routing leans on
 * no more than it must: audio comes in flush order, so a chunk without a usable {@code flush_id} goes
 * to the oldest unfinished segment; {@code flush_done} n ends segment n and those before (a first one
 * numbered 0 means counting from 0); a chunk tagged with a later segment ends those before it. Word
 * timestamps count from the context's start and are shifted to their segment's, unless they restart
 * near zero. Not thread-safe: its continuation guards it (inboxes never call back under their lock).
 */
final class CartesiaTimeline {

    /** How far a segment's first word may start before the last word ended and still be context time. */
    private static final long RESTART_TOLERANCE_MS = 250;

    /** A segment: its text and reader's inbox; on its context, its audio so far and its kind of timings. */
    static final class Segment {
        private final String text;
        private final AudioInbox inbox;
        private long bytes;
        private Boolean contextTime;

        Segment(String text, AudioInbox inbox) {
            this.text = text;
            this.inbox = inbox;
        }

        String text() {
            return text;
        }

        AudioInbox inbox() {
            return inbox;
        }
    }

    private final AudioFormat format;
    private final List<Segment> entries = new ArrayList<>();
    /** The oldest unfinished segment, and the one that got the latest audio (or -1). */
    private int current;
    private int audioSegment = -1;
    private int flushBase = 1;
    private boolean flushBaseKnown;
    /** End of the last word seen, in context time. */
    private long lastWordEndMs;

    CartesiaTimeline(AudioFormat format) {
        this.format = format;
    }

    void add(Segment segment) {
        segment.bytes = 0;
        segment.contextTime = null;
        entries.add(segment);
    }

    /** Whether every segment finished. */
    boolean finished() {
        return current >= entries.size();
    }

    /** The segments not finished. */
    List<Segment> unfinished() {
        return List.copyOf(entries.subList(current, entries.size()));
    }

    /** Whether some segments finished here while the unfinished ones, if any, have no audio yet. */
    boolean servedBeforeSilence() {
        return current > 0 && entries.subList(current, entries.size()).stream().allMatch(entry -> entry.bytes == 0);
    }

    /** Routes a frame of the context to its segments; true when it is {@code done}, which ends them all. */
    boolean accept(Frame frame, boolean timestamps) {
        switch (frame) {
            case Frame.Audio audio -> audio(CartesiaCodec.NO_FLUSH_ID, audio.audio());
            case Frame.Done done -> finishBefore(entries.size());
            case Frame.Event event when event.type().equals("chunk") ->
                    audio(CartesiaCodec.flushId(event.message()), CartesiaCodec.audio(event.message()));
            case Frame.Event event when event.type().equals("flush_done") ->
                    flushDone(CartesiaCodec.flushId(event.message()));
            case Frame.Event event when event.type().endsWith("timestamps") -> { // phoneme ones: progress only
                touch();
                WordAlignment words = timestamps && event.type().equals("timestamps")
                        ? CartesiaCodec.words(event.message()) : null;
                if (words != null && !words.isEmpty()) {
                    words(words);
                }
            }
            default -> {
                // nothing for a request
            }
        }
        return frame instanceof Frame.Done;
    }

    /** Progress without audio keeps the oldest unfinished segment from looking stalled. */
    private void touch() {
        if (!finished()) {
            entries.get(current).inbox.touch();
        }
    }

    /** Audio goes to its segment (dropped after the last flush), ending the segments before it. */
    private void audio(int flushId, byte[] audio) {
        int tagged = flushId == CartesiaCodec.NO_FLUSH_ID ? -1 : flushId - flushBase;
        int index = tagged > current && tagged < entries.size() ? tagged : current;
        if (index < entries.size()) {
            finishBefore(index);
            entries.get(index).bytes += audio.length;
            audioSegment = index;
            entries.get(index).inbox.push(audio); // refused once its reader closed it; that settles it
        }
    }

    /** A {@code flush_done} ends its segment; the first one seen says whether counting starts at 0 or 1. */
    private void flushDone(int flushId) {
        if (flushId != CartesiaCodec.NO_FLUSH_ID && !flushBaseKnown) {
            flushBaseKnown = true;
            flushBase = flushId == 0 ? 0 : 1;
        }
        finishBefore(flushId == CartesiaCodec.NO_FLUSH_ID ? current + 1 : flushId - flushBase + 1);
    }

    /** Word timings go to the segment being heard, moved to count from its start. */
    private void words(WordAlignment words) {
        int index = Math.max(audioSegment, current);
        if (index >= entries.size()) {
            return;
        }
        Segment target = entries.get(index);
        long bytes = entries.subList(0, index).stream().mapToLong(entry -> entry.bytes).sum();
        long offset = Math.round(bytes * 1000.0 / format.bytesPerSecond());
        if (target.contextTime == null) {
            target.contextTime = index == 0 || words.startMs().getFirst() + RESTART_TOLERANCE_MS >= lastWordEndMs;
        }
        long shift = target.contextTime ? offset : 0;
        lastWordEndMs = Math.max(lastWordEndMs, words.endMs().getLast() + offset - shift);
        // A word starting well before the segment is an earlier segment's, arriving late.
        List<Integer> kept = IntStream.range(0, words.words().size())
                .filter(i -> words.startMs().get(i) - shift >= -RESTART_TOLERANCE_MS).boxed().toList();
        target.inbox.align(new WordAlignment(
                kept.stream().map(words.words()::get).toList(),
                kept.stream().map(i -> Math.max(0, words.startMs().get(i) - shift)).toList(),
                kept.stream().map(i -> Math.max(0, words.endMs().get(i) - shift)).toList()));
    }

    private void finishBefore(int index) {
        for (; current < Math.min(index, entries.size()); current++) {
            entries.get(current).inbox.finish();
        }
    }
}
