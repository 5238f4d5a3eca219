package io.ttsgateway.session.producer;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.WordAlignment;

/**
 * Where the current segment starts in its request's audio, so that the word timings a provider
 * gives per segment are told in the time of the whole request. Used by one producer thread.
 */
final class Timeline {

    private double segmentStartMs;

    /**
     * Moves past a segment whose audio is complete.
     *
     * @param bytes  the segment's audio
     * @param format the format of those bytes
     */
    void advance(long bytes, AudioFormat format) {
        segmentStartMs += bytes * 1000.0 / format.bytesPerSecond();
    }

    /**
     * Timings of the current segment in the request's time.
     *
     * @param alignment timings counted from the segment's start
     * @return timings counted from the request's start
     */
    WordAlignment shift(WordAlignment alignment) {
        long offset = Math.round(segmentStartMs);
        if (offset == 0) {
            return alignment;
        }
        return new WordAlignment(alignment.words(),
                                 alignment.startMs().stream().map(ms -> ms + offset).toList(),
                                 alignment.endMs().stream().map(ms -> ms + offset).toList());
    }
}
