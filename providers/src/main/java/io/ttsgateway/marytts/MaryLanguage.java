package io.ttsgateway.marytts;

import java.util.Locale;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.SynthesisRequest;

/**
 * The language the embedded engine speaks: US English, the only language of its voice. A request
 * for English in any variant is served by it; a request for another language is refused before any
 * synthesis rather than read out with English rules.
 */
final class MaryLanguage {

    /** The language of the voice, ISO 639-1. */
    static final String ENGLISH = "en";

    private MaryLanguage() {
    }

    /**
     * Refuses a request for a language the engine does not speak.
     *
     * @param request the request; no language, {@code en} and {@code en-*} (any case) pass
     * @throws ProviderException {@code INVALID_REQUEST} for any other language
     */
    static void check(SynthesisRequest request) throws ProviderException {
        String language = request.language();
        if (language == null || language.isBlank()) {
            return;
        }
        String code = language.strip().toLowerCase(Locale.ROOT);
        if (code.equals(ENGLISH) || code.startsWith(ENGLISH + "-")) {
            return;
        }
        throw new ProviderException(ProviderErrorKind.INVALID_REQUEST, MaryTtsProvider.NAME
                + " speaks English only; language '" + language + "' is not available");
    }
}
