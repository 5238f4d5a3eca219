package io.ttsgateway.marytts;

import java.util.List;

/**
 * The engine's output for one piece of text.
 *
 * @param pcm        signed 16-bit little-endian mono samples
 * @param sampleRate their rate
 * @param words      the spoken words with their times in this audio; empty when not asked for
 */
record MarySpeech(byte[] pcm, int sampleRate, List<TimedWord> words) {

    /**
     * Copies the word list.
     *
     * @param pcm        the samples
     * @param sampleRate their rate
     * @param words      the timed words
     */
    MarySpeech {
        words = List.copyOf(words);
    }

    /**
     * How long the audio lasts.
     *
     * @return the duration in ms
     */
    double durationMs() {
        return durationMs(pcm.length, sampleRate);
    }

    /**
     * How long some 16-bit mono audio lasts.
     *
     * @param bytes      its length in bytes
     * @param sampleRate its rate
     * @return the duration in ms
     */
    static double durationMs(long bytes, int sampleRate) {
        return bytes / 2 * 1000.0 / sampleRate;
    }
}
