package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** ElevenLabs' timings of the characters (spaces and punctuation included) of one chunk, in milliseconds. */
record CharAlignment(List<String> chars, long[] startMs, long[] durationMs) {

    CharAlignment {
        chars = List.copyOf(chars);
    }

    /**
     * A socket message's timings (or null), relative to the chunk: {@code alignment}, the text as sent,
     * else {@code normalizedAlignment}; durations are {@code charsDurationsMs} in the 2025 AsyncAPI.
     */
    static CharAlignment fromSocket(JsonNode message) {
        JsonNode alignment = pick(message, "alignment", "normalizedAlignment");
        if (alignment == null) {
            return null;
        }
        JsonNode durations = alignment.get("charDurationsMs");
        if (durations == null || !durations.isArray()) {
            durations = alignment.get("charsDurationsMs");
        }
        return of(alignment.get("chars"), alignment.get("charStartTimesMs"), durations, false);
    }

    /** The timings of an HTTP {@code /stream/with-timestamps} line (in seconds there), or null. */
    static CharAlignment fromHttp(JsonNode line) {
        JsonNode alignment = pick(line, "alignment", "normalized_alignment");
        if (alignment == null) {
            return null;
        }
        return of(alignment.get("characters"), alignment.get("character_start_times_seconds"),
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

    private static JsonNode pick(JsonNode message, String first, String second) {
        JsonNode node = message.get(first);
        if (node == null || !node.isObject()) {
            node = message.get(second);
        }
        return node != null && node.isObject() ? node : null;
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
