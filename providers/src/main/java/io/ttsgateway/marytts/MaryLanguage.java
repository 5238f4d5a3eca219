package io.ttsgateway.marytts;

import java.util.Locale;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

import static io.ttsgateway.marytts.MaryTtsSettings.NAME;

/** The engine speaks US English only: another language is refused rather than read out with English rules. */
final class MaryLanguage {

    /** The language of the voice, ISO 639-1. */
    static final String ENGLISH = "en";

    private MaryLanguage() {
    }

    /** Passes no language, {@code en} and {@code en-*} (any case); {@code INVALID_REQUEST} for any other. */
    static void check(SynthesisRequest request) throws ProviderException {
        String language = request.language();
        if (language == null || language.isBlank()) {
            return;
        }
        String code = language.strip().toLowerCase(Locale.ROOT);
        if (code.equals(ENGLISH) || code.startsWith(ENGLISH + "-")) {
            return;
        }
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, NAME
                + " speaks English only; language '" + language + "' is not available");
    }
}
