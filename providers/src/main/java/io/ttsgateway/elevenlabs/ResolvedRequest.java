package io.ttsgateway.elevenlabs;

import java.util.Objects;

import io.ttsgateway.audio.AudioFormat;

/**
 * A request checked and completed with the provider's defaults: what actually goes on the wire.
 *
 * @param text       the text to speak
 * @param voice      the voice id, checked to be a plain identifier
 * @param model      the model id, normalized
 * @param settings   the voice settings
 * @param language   the {@code language_code} to send, or {@code null}
 * @param wanted     the format the caller wants
 * @param timestamps whether word timings are wanted
 */
record ResolvedRequest(String text, String voice, String model, VoiceSettings settings, String language,
                       AudioFormat wanted, boolean timestamps) {

    /**
     * Whether another request differs from this one in nothing but its text: the condition for the
     * segments of one utterance, which share a context.
     *
     * @param other the other request
     * @return true when voice, model, settings, language, format and timestamps are the same
     */
    boolean sameOptions(ResolvedRequest other) {
        return voice.equals(other.voice) && model.equals(other.model) && settings.equals(other.settings)
                && Objects.equals(language, other.language) && wanted.equals(other.wanted)
                && timestamps == other.timestamps;
    }

    /**
     * Never prints the text.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "ResolvedRequest[chars=" + text.length() + ", voice=" + voice + ", model=" + model + ", language="
                + language + ", format=" + wanted + ", timestamps=" + timestamps + "]";
    }
}
