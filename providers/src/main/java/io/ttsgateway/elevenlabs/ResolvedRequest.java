package io.ttsgateway.elevenlabs;

import java.util.Objects;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * A request checked and completed with the provider's defaults, as it goes on the wire: a plain
 * voice id, a normalized model, the {@code language_code} to send (or null), the wanted format.
 */
record ResolvedRequest(String text, String voice, String model, VoiceSettings settings, String language,
                       AudioFormat wanted, boolean timestamps) {

    /** Checks a request and fills in the defaults; {@code INVALID_REQUEST} when malformed or too long. */
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
