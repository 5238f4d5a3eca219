package io.ttsgateway.elevenlabs;

import io.ttsgateway.audio.AudioFormat;

/**
 * A request checked and completed with the provider's defaults: what actually goes on the wire.
 *
 * @param text       the text to speak
 * @param voice      the voice id, checked to be a plain identifier
 * @param model      the model id, normalized
 * @param settings   the voice settings
 * @param wanted     the format the caller wants
 * @param timestamps whether word timings are wanted
 */
record ResolvedRequest(String text, String voice, String model, VoiceSettings settings, AudioFormat wanted,
                       boolean timestamps) {

    /**
     * Never prints the text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "ResolvedRequest[chars=" + text.length() + ", voice=" + voice + ", model=" + model + ", format="
                + wanted + ", timestamps=" + timestamps + "]";
    }
}
