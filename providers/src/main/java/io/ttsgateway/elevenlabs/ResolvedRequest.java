package io.ttsgateway.elevenlabs;

import java.util.Objects;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * A request checked and completed with the provider's defaults: what goes on the wire.
 *
 * @param text       the text to speak
 * @param voice      the voice id, a plain identifier
 * @param model      the normalized model id
 * @param settings   the voice settings
 * @param language   the {@code language_code} to send, or null
 * @param wanted     the format the caller wants
 * @param timestamps whether word timings are wanted
 */
record ResolvedRequest(String text, String voice, String model, VoiceSettings settings, String language,
                       AudioFormat wanted, boolean timestamps) {

    /**
     * Checks a request and fills in the defaults.
     *
     * @throws ProviderException {@code INVALID_REQUEST} for a malformed voice, model, setting or
     *                           language, or a text over the model's limit
     */
    static ResolvedRequest of(SynthesisRequest request, ElevenLabsSettings settings, String defaultModel)
            throws ProviderException {
        String voice = ElevenLabsModels.checkVoice(request.voice() == null ? settings.voiceId() : request.voice());
        String model = request.model() == null ? defaultModel : ElevenLabsModels.checkModel(request.model());
        int limit = ElevenLabsModels.maxTextLength(model);
        if (request.text().length() > limit) {
            throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME + " model " + model + " takes at most "
                    + limit + " characters; the text has " + request.text().length());
        }
        return new ResolvedRequest(request.text(), voice, model, VoiceSettings.of(settings, request.settings()),
                                   ElevenLabsModels.languageCode(request.language(), model), request.format(),
                                   request.timestamps());
    }

    /** Whether another request differs in nothing but its text, as the segments of an utterance must. */
    boolean sameOptions(ResolvedRequest other) {
        return voice.equals(other.voice) && model.equals(other.model) && settings.equals(other.settings)
                && Objects.equals(language, other.language) && wanted.equals(other.wanted)
                && timestamps == other.timestamps;
    }

    /** Never prints the text. */
    @Override
    public String toString() {
        return "ResolvedRequest[chars=" + text.length() + ", voice=" + voice + ", model=" + model + ", language="
                + language + ", format=" + wanted + ", timestamps=" + timestamps + "]";
    }
}
