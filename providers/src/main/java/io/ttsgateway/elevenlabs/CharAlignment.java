package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** ElevenLabs' timings of the characters (spaces and punctuation included) of one chunk, in milliseconds. */
record CharAlignment(List<String> chars, long[] startMs, long[] durationMs) {

    CharAlignment {
        chars = List.copyOf(chars);
    }

    /** A socket message's timings relative to the chunk, or null; the AsyncAPI spells {@code charsDurationsMs}. */
    static CharAlignment fromSocket(JsonNode message) {
        JsonNode alignment = pick(message, "alignment", "normalizedAlignment", JsonNode::isObject);
        return alignment == null ? null
                : of(alignment.get("chars"), alignment.get("charStartTimesMs"),
                     pick(alignment, "charDurationsMs", "charsDurationsMs", JsonNode::isArray), false);
    }

    /** The timings of an HTTP {@code /stream/with-timestamps} line (in seconds there), or null. */
    static CharAlignment fromHttp(JsonNode line) {
        JsonNode alignment = pick(line, "alignment", "normalized_alignment", JsonNode::isObject);
        return alignment == null ? null
                : of(alignment.get("characters"), alignment.get("character_start_times_seconds"),
                     alignment.get("character_end_times_seconds"), true);
    }

    /** Whether there is no character. */
    boolean isEmpty() {
        return chars.isEmpty();
    }

    /** How many characters are spoken: not whitespace, since which spaces the timings keep is unspecified. */
    int spokenChars() {
        return (int) chars.stream().filter(c -> spokenChars(c) > 0).count();
    }

    /** How many characters of a text are spoken, by the rule of {@link #spokenChars()}. */
    static int spokenChars(String text) {
        return (int) text.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)).count();
    }

    /** The first of two fields that fits ({@code alignment} is the text as sent), or null. */
    private static JsonNode pick(JsonNode node, String first, String second, Predicate<JsonNode> fits) {
        JsonNode picked = node.get(first);
        if (picked == null || !fits.test(picked)) {
            picked = node.get(second);
        }
        return picked != null && fits.test(picked) ? picked : null;
    }

    private static CharAlignment of(JsonNode chars, JsonNode starts, JsonNode thirds, boolean endsInSeconds) {
        if (chars == null || !chars.isArray() || starts == null || !starts.isArray() || thirds == null
                || !thirds.isArray()) {
            return null;
        }
        // The three arrays "should" have one length; a short one must not throw on the reader thread.
        int n = Math.min(chars.size(), Math.min(starts.size(), thirds.size()));
        List<String> text = new ArrayList<>(n);
        long[] start = new long[n];
        long[] duration = new long[n];
        for (int i = 0; i < n; i++) {
            text.add(chars.get(i).asText(""));
            if (endsInSeconds) {
                start[i] = Math.round(starts.get(i).asDouble() * 1000);
                duration[i] = Math.max(0, Math.round(thirds.get(i).asDouble() * 1000) - start[i]);
            } else {
                start[i] = starts.get(i).asLong();
                duration[i] = Math.max(0, thirds.get(i).asLong());
            }
        }
        return new CharAlignment(text, start, duration);
    }
}
