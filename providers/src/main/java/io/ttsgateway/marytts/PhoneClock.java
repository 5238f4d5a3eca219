package io.ttsgateway.marytts;

/**
 * How long the voice really makes a planned phone: an HMM voice speaks in whole frames ({@code frameMs},
 * 0 when not frame-based), at least one per HMM state. Pauses need none: the engine writes them back.
 */
record PhoneClock(double frameMs, double minimumPhoneMs) {

    /** A voice that speaks phones exactly as long as planned. */
    static final PhoneClock EXACT = new PhoneClock(0, 0);

    /** The clock of an HMM voice of {@code states} states per phone. */
    static PhoneClock ofHmm(int frameSamples, int sampleRate, int states) {
        double frame = frameSamples * 1000.0 / sampleRate;
        return new PhoneClock(frame, frame * states);
    }

    /** About how long the voice makes a phone planned to last {@code plannedMs} (it rounds per state). */
    double realised(double plannedMs) {
        double frames = frameMs > 0 ? Math.round(plannedMs / frameMs) * frameMs : plannedMs;
        return Math.max(frames, minimumPhoneMs);
    }
}
