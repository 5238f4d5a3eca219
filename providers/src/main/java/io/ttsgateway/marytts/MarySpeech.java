package io.ttsgateway.marytts;

import java.util.List;

/** The engine's output for a piece of text: 16-bit little-endian mono samples, and the timed words if asked for. */
record MarySpeech(byte[] pcm, int sampleRate, List<TimedWord> words) {

    MarySpeech {
        words = List.copyOf(words);
    }

    /** How long the audio lasts, in ms. */
    double durationMs() {
        return durationMs(pcm.length, sampleRate);
    }

    /** How long some 16-bit mono audio lasts, in ms. */
    static double durationMs(long bytes, int sampleRate) {
        return bytes / 2 * 1000.0 / sampleRate;
    }
}
