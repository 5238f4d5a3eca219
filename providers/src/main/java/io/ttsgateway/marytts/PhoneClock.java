package io.ttsgateway.marytts;

/**
 * How long the voice really makes a phone it was asked to make last some time. An HMM voice speaks
 * in frames, and every one of a phone's HMM states lasts at least one frame, so a planned duration
 * becomes a whole number of frames and never less than one frame per state. Pauses are not modelled
 * here: the engine writes their realised length back into its document.
 *
 * @param frameMs       length of one frame in ms, 0 for a voice that is not frame-based
 * @param minimumPhoneMs shortest phone the voice produces
 */
record PhoneClock(double frameMs, double minimumPhoneMs) {

    /** A voice that speaks phones exactly as long as planned. */
    static final PhoneClock EXACT = new PhoneClock(0, 0);

    /**
     * The clock of an HMM voice.
     *
     * @param frameSamples samples per frame
     * @param sampleRate   the voice's model sample rate
     * @param states       HMM states per phone
     * @return the clock
     */
    static PhoneClock ofHmm(int frameSamples, int sampleRate, int states) {
        double frame = frameSamples * 1000.0 / sampleRate;
        return new PhoneClock(frame, frame * states);
    }

    /**
     * The expected realised length of a phone.
     *
     * @param plannedMs the duration in the engine's plan
     * @return the duration the voice will give it, approximately (rounding happens per state)
     */
    double realised(double plannedMs) {
        double frames = frameMs > 0 ? Math.round(plannedMs / frameMs) * frameMs : plannedMs;
        return Math.max(frames, minimumPhoneMs);
    }
}
